/** TableStore on Table Store (OTS) through the `tablestore` SDK, with the invocation's STS credentials. */
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
import { checkBatchSize, checkRowUpdate, rangeLimit } from '../table-store-limits';
import { loadTableStoreSdk, tableStoreClient, type TableStoreClient, type TableStoreSdk } from './tablestore-sdk';
import {
  fromSdkAttributes,
  fromSdkPrimaryKey,
  toSdkColumns,
  toSdkCondition,
  toSdkPrimaryKey,
  toSdkValue,
} from './tablestore-values';

export interface OtsTableStoreOptions {
  /** e.g. `https://<instance>.<region>.vpc.tablestore.aliyuncs.com` */
  endpoint: string;
  instanceName: string;
}

export class OtsTableStore implements TableStore {
  constructor(
    private readonly sdk: TableStoreSdk,
    private readonly client: TableStoreClient,
  ) {}

  static fromContext(context: FcContext, options: OtsTableStoreOptions): OtsTableStore {
    const sdk = loadTableStoreSdk();
    return new OtsTableStore(sdk, tableStoreClient(sdk, context.credentials, options));
  }

  async getRow(table: string, key: PrimaryKey): Promise<Attributes | undefined> {
    const { row } = await this.client.getRow({ tableName: table, primaryKey: toSdkPrimaryKey(this.sdk, key), maxVersions: 1 });
    return row.primaryKey && row.primaryKey.length > 0 ? fromSdkAttributes(row) : undefined;
  }

  async putRow(table: string, key: PrimaryKey, attributes: Attributes, condition?: Condition): Promise<void> {
    await conditional(() =>
      this.client.putRow({
        tableName: table,
        condition: toSdkCondition(this.sdk, condition),
        primaryKey: toSdkPrimaryKey(this.sdk, key),
        attributeColumns: toSdkColumns(this.sdk, attributes),
      }),
    );
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
    const { row } = await conditional(() =>
      this.client.updateRow({
        tableName: table,
        condition: toSdkCondition(this.sdk, condition),
        primaryKey: toSdkPrimaryKey(this.sdk, key),
        updateOfAttributeColumns: this.updateColumns(update),
        ...(incremented.length > 0
          ? { returnContent: { returnType: this.sdk.ReturnType.AfterModify, returnColumns: incremented } }
          : {}),
      }),
    );
    if (options.returnRow === false) return fromSdkAttributes(row);
    const current = (await this.getRow(table, key)) ?? {};
    for (const name of update.delete ?? []) delete current[name];
    return { ...current, ...(update.put ?? {}), ...fromSdkAttributes(row) };
  }

  async deleteRow(table: string, key: PrimaryKey, condition?: Condition): Promise<void> {
    await conditional(() =>
      this.client.deleteRow({
        tableName: table,
        condition: toSdkCondition(this.sdk, condition),
        primaryKey: toSdkPrimaryKey(this.sdk, key),
      }),
    );
  }

  async getRange(table: string, start: PrimaryKey, end: PrimaryKey, options: RangeOptions = {}): Promise<RangePage> {
    const res = await this.client.getRange({
      tableName: table,
      direction: options.direction ?? 'FORWARD',
      inclusiveStartPrimaryKey: toSdkPrimaryKey(this.sdk, start),
      exclusiveEndPrimaryKey: toSdkPrimaryKey(this.sdk, end),
      limit: rangeLimit(options.limit),
      maxVersions: 1,
    });
    return {
      rows: res.rows.map((row) => ({ key: fromSdkPrimaryKey(row.primaryKey ?? []), attributes: fromSdkAttributes(row) })),
      next: res.nextStartPrimaryKey ? fromSdkPrimaryKey(res.nextStartPrimaryKey) : undefined,
    };
  }

  /** Row failures come back inside a successful response; they map to `{ok:false}` in request order. */
  async batchWrite(table: string, writes: BatchWrite[]): Promise<BatchWriteResult[]> {
    checkBatchSize(writes);
    if (writes.length === 0) return [];
    const rows = writes.map((write) => {
      const base = {
        type: write.type,
        condition: toSdkCondition(this.sdk, write.condition),
        primaryKey: toSdkPrimaryKey(this.sdk, write.key),
      };
      if (write.type === 'PUT') return { ...base, attributeColumns: toSdkColumns(this.sdk, write.attributes) };
      if (write.type === 'UPDATE') {
        checkRowUpdate(write.update);
        // The SDK takes an UPDATE row's change list under `attributeColumns` too.
        return { ...base, attributeColumns: this.updateColumns(write.update) };
      }
      return base;
    });
    const { tables } = await this.client.batchWriteRow({ tables: [{ tableName: table, rows }] });
    return tables.map((result) =>
      result.isOk ? { ok: true } : { ok: false, code: result.errorCode ?? 'Unknown', message: result.errorMessage ?? '' },
    );
  }

  private updateColumns(update: RowUpdate): object[] {
    const groups: object[] = [];
    if (update.put && Object.keys(update.put).length > 0) groups.push({ PUT: toSdkColumns(this.sdk, update.put) });
    if (update.delete && update.delete.length > 0) groups.push({ DELETE_ALL: [...update.delete] });
    const increments = Object.entries(update.increment ?? {});
    if (increments.length > 0) {
      groups.push({ INCREMENT: increments.map(([name, delta]) => ({ [name]: toSdkValue(this.sdk, delta) })) });
    }
    return groups;
  }
}

/**
 * tablestore 5.4.1 cannot parse error bodies (it looks for an XML parser it does not ship), so a
 * failed condition surfaces as `code: 403` with the protobuf error, which contains the text
 * OTSConditionCheckFail, in the message. Accept both forms.
 */
async function conditional<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    const { code, message } = (err ?? {}) as { code?: unknown; message?: unknown };
    if (code === 'OTSConditionCheckFail' || (typeof message === 'string' && message.includes('OTSConditionCheckFail'))) {
      throw new ConditionFailedError('Condition check failed.');
    }
    throw err;
  }
}
