/**
 * The Table Store adapter as it was on the tablestore 5.4.1 SDK, kept for the tests as the oracle of the wire client
 * (runtime/shared/cloud/ots-wire): the same calls through the SDK and through ours must send the same bytes.
 */
import type { FcContext } from '../../runtime/shared/context';
import {
  ConditionFailedError,
  MAX,
  MIN,
  type Attributes,
  type BatchWrite,
  type BatchWriteResult,
  type CellValue,
  type ColumnCondition,
  type Condition,
  type PrimaryKey,
  type RangeOptions,
  type RangePage,
  type RowUpdate,
  type TableStore,
  type UpdateOptions,
} from '../../runtime/shared/ports';
import { checkBatchSize, checkCondition, checkRowUpdate, rangeLimit, TableStoreParameterError } from '../../runtime/shared/table-store-limits';
import {
  loadTableStoreSdk,
  tableStoreClient,
  type SdkColumnCondition,
  type SdkPrimaryKey,
  type SdkValue,
  type TableStoreClient,
  type TableStoreSdk,
} from '../../runtime/shared/cloud/tablestore-sdk';
import { fromSdkAttributes, fromSdkValue } from '../../runtime/shared/cloud/tablestore-values';

export class SdkTableStore implements TableStore {
  constructor(
    private readonly sdk: TableStoreSdk,
    private readonly client: TableStoreClient,
  ) {}

  static fromContext(context: FcContext, options: { endpoint: string; instanceName: string }): SdkTableStore {
    const sdk = loadTableStoreSdk();
    return new SdkTableStore(sdk, tableStoreClient(sdk, context.credentials, options));
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
        ...(incremented.length > 0 ? { returnContent: { returnType: this.sdk.ReturnType.AfterModify, returnColumns: incremented } } : {}),
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

export function toSdkPrimaryKey(sdk: TableStoreSdk, key: PrimaryKey): SdkPrimaryKey {
  return key.map(([name, value]) => ({
    [name]: value === MIN ? sdk.INF_MIN : value === MAX ? sdk.INF_MAX : typeof value === 'number' ? sdk.Long.fromNumber(value) : value,
  }));
}

export function toSdkValue(sdk: TableStoreSdk, value: CellValue): SdkValue {
  return typeof value === 'number' && Number.isInteger(value) ? sdk.Long.fromNumber(value) : value;
}

/** `[{ name: value }, …]`. */
export function toSdkColumns(sdk: TableStoreSdk, attributes: Attributes): Array<Record<string, SdkValue>> {
  return Object.entries(attributes).map(([name, value]) => {
    // The SDK reads a column object's `timestamp` property as the cell version (5.4.1 encoder),
    // so a column named "timestamp" would be written wrongly: refuse it rather than corrupt data.
    if (name === 'timestamp') throw new TableStoreParameterError('a column named "timestamp" cannot be written with the tablestore SDK');
    return { [name]: toSdkValue(sdk, value) };
  });
}

export function toSdkCondition(sdk: TableStoreSdk, condition: Condition | undefined): object {
  checkCondition(condition);
  // Always a Condition: the 5.4.1 encoder dereferences it even when the caller passed none.
  return new sdk.Condition(
    sdk.RowExistenceExpectation[condition?.row ?? 'IGNORE'],
    condition?.column ? toSdkColumnCondition(sdk, condition.column) : null,
  );
}

function toSdkColumnCondition(sdk: TableStoreSdk, condition: ColumnCondition): SdkColumnCondition {
  if ('and' in condition) return composite(sdk, sdk.LogicalOperator.AND, condition.and);
  if ('or' in condition) return composite(sdk, sdk.LogicalOperator.OR, condition.or);
  if ('not' in condition) return composite(sdk, sdk.LogicalOperator.NOT, [condition.not]);
  const comparators = {
    '=': sdk.ComparatorType.EQUAL,
    '!=': sdk.ComparatorType.NOT_EQUAL,
    '>': sdk.ComparatorType.GREATER_THAN,
    '>=': sdk.ComparatorType.GREATER_EQUAL,
    '<': sdk.ComparatorType.LESS_THAN,
    '<=': sdk.ComparatorType.LESS_EQUAL,
  };
  return new sdk.SingleColumnCondition(
    condition.column,
    toSdkValue(sdk, condition.value),
    comparators[condition.op],
    condition.passIfMissing ?? true,
    true,
  );
}

function composite(sdk: TableStoreSdk, combinator: number, subs: ColumnCondition[]): SdkColumnCondition {
  if (subs.length === 0) throw new TableStoreParameterError('a composite condition needs at least one sub-condition');
  const c = new sdk.CompositeCondition(combinator);
  for (const sub of subs) c.addSubCondition(toSdkColumnCondition(sdk, sub));
  return c;
}

function fromSdkPrimaryKey(key: Array<{ name: string; value: SdkValue }>): PrimaryKey {
  return key.map(({ name, value }) => {
    const v = fromSdkValue(value);
    if (typeof v !== 'string' && typeof v !== 'number') throw new Error(`unsupported primary key value in column ${name}`);
    return [name, v];
  });
}
