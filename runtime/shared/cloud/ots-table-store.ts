/**
 * TableStore on Table Store (OTS) through OtsWireClient (ots-wire/client.ts: our own signed protobuf client, no SDK
 * load on a cold start), with the invocation's STS credentials.
 */
import type { FcContext } from '../context';
import {
  ConditionFailedError,
  type Attributes,
  type BatchWrite,
  type BatchWriteResult,
  type Condition,
  type PrimaryKey,
  type RangeOptions,
  type RangePage,
  type RowUpdate,
  type TableStore,
  type UpdateOptions,
} from '../ports';
import { checkBatchSize, checkCondition, checkRowUpdate, rangeLimit } from '../table-store-limits';
import { OtsError, OtsWireClient } from './ots-wire/client';

export interface OtsTableStoreOptions {
  /** e.g. `https://<instance>.<region>.vpc.tablestore.aliyuncs.com` */
  endpoint: string;
  instanceName: string;
}

/** No answer for this long fails the call: FC retries the invocation (the SDK waited as long as the function ran). */
const CALL_TIMEOUT_MS = 30_000;

export class OtsTableStore implements TableStore {
  constructor(private readonly client: OtsWireClient) {}

  static fromContext(context: FcContext, options: OtsTableStoreOptions): OtsTableStore {
    return new OtsTableStore(new OtsWireClient({ ...options, credentials: context.credentials, timeoutMs: CALL_TIMEOUT_MS }));
  }

  async getRow(table: string, key: PrimaryKey): Promise<Attributes | undefined> {
    return this.client.getRow(table, key);
  }

  async putRow(table: string, key: PrimaryKey, attributes: Attributes, condition?: Condition): Promise<void> {
    checkCondition(condition);
    await conditional(() => this.client.putRow(table, key, attributes, condition));
  }

  /**
   * ReturnType AfterModify only returns the modified columns, so the full row is read right after
   * the write and the write's own results laid over it: the changed columns are exactly what this
   * update produced (increments as the service computed them atomically); the other columns are
   * as read just after, not an atomic snapshot. With `returnRow: false` the answer is the
   * incremented columns alone, in one round trip.
   */
  async updateRow(table: string, key: PrimaryKey, update: RowUpdate, condition?: Condition, options: UpdateOptions = {}): Promise<Attributes> {
    checkRowUpdate(update);
    const incremented = Object.keys(update.increment ?? {});
    checkCondition(condition);
    const changed = await conditional(() => this.client.updateRow(table, key, update, condition, incremented));
    if (options.returnRow === false) return changed;
    const current = (await this.getRow(table, key)) ?? {};
    for (const name of update.delete ?? []) delete current[name];
    return { ...current, ...(update.put ?? {}), ...changed };
  }

  async deleteRow(table: string, key: PrimaryKey, condition?: Condition): Promise<void> {
    checkCondition(condition);
    await conditional(() => this.client.deleteRow(table, key, condition));
  }

  async getRange(table: string, start: PrimaryKey, end: PrimaryKey, options: RangeOptions = {}): Promise<RangePage> {
    const res = await this.client.getRange(table, start, end, { direction: options.direction ?? 'FORWARD', limit: rangeLimit(options.limit) });
    return { rows: res.rows, next: res.next };
  }

  /** Row failures come back inside a successful response; they map to `{ok:false}` in request order. */
  async batchWrite(table: string, writes: BatchWrite[]): Promise<BatchWriteResult[]> {
    checkBatchSize(writes);
    if (writes.length === 0) return [];
    for (const write of writes) {
      checkCondition(write.condition);
      if (write.type === 'UPDATE') checkRowUpdate(write.update);
    }
    return this.client.batchWriteRow(table, writes);
  }
}

/** A failed condition is the service's OTSConditionCheckFail error: nothing was written. */
async function conditional<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof OtsError && err.code === 'OTSConditionCheckFail') throw new ConditionFailedError('Condition check failed.');
    throw err;
  }
}
