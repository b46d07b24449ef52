/**
 * An in-memory Table Store with the service's semantics (primary-key order, atomic conditional
 * writes, INCREMENT, paged ranges, 200-row batches with per-row results). Every method does its
 * check and its write synchronously, with no `await` in between, so concurrent calls from one
 * process interleave only at whole operations — as conditional writes do on the service.
 */
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
} from '../../ports';
import { checkBatchSize, checkCondition as checkConditionSize, checkRowUpdate, rangeLimit, TableStoreParameterError } from '../../table-store-limits';
import { fromCell, toCell, type Cell } from './cells';
import { columnConditionHolds } from './column-conditions';
import { checkKeyShape, checkRowKey, comparePrimaryKeys, copyKey } from './primary-key-order';

interface Row {
  key: PrimaryKey;
  cells: Map<string, Cell>;
}

interface Table {
  /** Primary-key column names, fixed by the first write (the service has them from the table schema). */
  schema?: string[];
  /** Sorted by primary key. */
  rows: Row[];
}

export class MemoryTableStore implements TableStore {
  private readonly tables = new Map<string, Table>();

  async getRow(table: string, key: PrimaryKey): Promise<Attributes | undefined> {
    const t = this.table(table);
    checkRowKey(key, t.schema);
    const found = this.find(t, key);
    return found.row ? attributesOf(found.row) : undefined;
  }

  async putRow(table: string, key: PrimaryKey, attributes: Attributes, condition?: Condition): Promise<void> {
    this.applyPut(table, key, attributes, condition);
  }

  async updateRow(table: string, key: PrimaryKey, update: RowUpdate, condition?: Condition, options: UpdateOptions = {}): Promise<Attributes> {
    const after = attributesOf(this.applyUpdate(table, key, update, condition));
    if (options.returnRow !== false) return after;
    return Object.fromEntries(Object.keys(update.increment ?? {}).map((name) => [name, after[name]]));
  }

  async deleteRow(table: string, key: PrimaryKey, condition?: Condition): Promise<void> {
    this.applyDelete(table, key, condition);
  }

  async getRange(table: string, start: PrimaryKey, end: PrimaryKey, options: RangeOptions = {}): Promise<RangePage> {
    const t = this.table(table);
    checkKeyShape(start, t.schema);
    checkKeyShape(end, t.schema);
    const limit = rangeLimit(options.limit);
    const backward = options.direction === 'BACKWARD';
    // FORWARD: start <= key < end. BACKWARD: end < key <= start, newest first. Rows are sorted, so
    // the range starts where a binary search puts `start` and reads only limit + 1 rows.
    const found = this.find(t, start);
    const step = backward ? -1 : 1;
    const inRange = backward ? (row: Row) => comparePrimaryKeys(row.key, end) > 0 : (row: Row) => comparePrimaryKeys(row.key, end) < 0;
    const page: Row[] = [];
    for (let i = backward && !found.row ? found.index - 1 : found.index; i >= 0 && i < t.rows.length && inRange(t.rows[i]); i += step) {
      page.push(t.rows[i]);
      if (page.length > limit) break;
    }
    const next = page.length > limit ? page.pop() : undefined;
    return {
      rows: page.map((row) => ({ key: copyKey(row.key), attributes: attributesOf(row) })),
      next: next ? copyKey(next.key) : undefined,
    };
  }

  async batchWrite(table: string, writes: BatchWrite[]): Promise<BatchWriteResult[]> {
    checkBatchSize(writes);
    const t = this.table(table);
    // Request-level checks first: Table Store rejects the whole batch for these, writing nothing.
    const keys = new Set<string>();
    for (const write of writes) {
      checkRowKey(write.key, t.schema ?? writes[0].key.map((c) => c[0]));
      if (write.type === 'UPDATE') checkRowUpdate(write.update);
      const id = JSON.stringify(write.key);
      if (keys.has(id)) throw new TableStoreParameterError('The same primary key appears twice in one BatchWriteRow.');
      keys.add(id);
    }
    return writes.map((write) => {
      try {
        if (write.type === 'PUT') this.applyPut(table, write.key, write.attributes, write.condition);
        else if (write.type === 'UPDATE') this.applyUpdate(table, write.key, write.update, write.condition);
        else this.applyDelete(table, write.key, write.condition);
        return { ok: true };
      } catch (err) {
        const { code, message } = err as { code?: string; message: string };
        return { ok: false, code: code ?? 'OTSInternalServerError', message };
      }
    });
  }

  private applyPut(table: string, key: PrimaryKey, attributes: Attributes, condition?: Condition): void {
    const t = this.table(table);
    checkRowKey(key, t.schema);
    const cells = new Map(Object.entries(attributes).map(([name, value]) => [name, toCell(value)] as const));
    const found = this.find(t, key);
    checkCondition(condition, found.row);
    this.store(t, found, key, cells);
  }

  private applyUpdate(table: string, key: PrimaryKey, update: RowUpdate, condition?: Condition): Row {
    const t = this.table(table);
    checkRowKey(key, t.schema);
    checkRowUpdate(update);
    const found = this.find(t, key);
    checkCondition(condition, found.row);
    const cells = new Map(found.row?.cells);
    for (const [name, value] of Object.entries(update.put ?? {})) cells.set(name, toCell(value));
    for (const name of update.delete ?? []) cells.delete(name);
    for (const [name, delta] of Object.entries(update.increment ?? {})) {
      const current = cells.get(name);
      if (current && current.type !== 'INTEGER') {
        throw new TableStoreParameterError(`INCREMENT needs an INTEGER column, ${name} is ${current.type}`);
      }
      cells.set(name, { type: 'INTEGER', value: (current?.value ?? 0) + delta });
    }
    return this.store(t, found, key, cells);
  }

  private applyDelete(table: string, key: PrimaryKey, condition?: Condition): void {
    const t = this.table(table);
    checkRowKey(key, t.schema);
    const found = this.find(t, key);
    checkCondition(condition, found.row);
    if (found.row) t.rows.splice(found.index, 1);
  }

  private store(t: Table, found: { index: number; row?: Row }, key: PrimaryKey, cells: Map<string, Cell>): Row {
    t.schema ??= key.map(([name]) => name);
    const row = { key: copyKey(key), cells };
    if (found.row) t.rows[found.index] = row;
    else t.rows.splice(found.index, 0, row);
    return row;
  }

  private table(name: string): Table {
    let t = this.tables.get(name);
    if (!t) {
      t = { rows: [] };
      this.tables.set(name, t);
    }
    return t;
  }

  /** Binary search: the row with this key, or the index where it would be inserted. */
  private find(t: Table, key: PrimaryKey): { index: number; row?: Row } {
    let low = 0;
    let high = t.rows.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      const order = comparePrimaryKeys(t.rows[mid].key, key);
      if (order === 0) return { index: mid, row: t.rows[mid] };
      if (order < 0) low = mid + 1;
      else high = mid;
    }
    return { index: low };
  }
}

function checkCondition(condition: Condition | undefined, row: Row | undefined): void {
  if (!condition) return;
  checkConditionSize(condition);
  if (condition.row === 'EXPECT_EXIST' && !row) throw new ConditionFailedError('Condition check failed.');
  if (condition.row === 'EXPECT_NOT_EXIST' && row) throw new ConditionFailedError('Condition check failed.');
  if (condition.column && !columnConditionHolds(condition.column, row?.cells ?? new Map())) {
    throw new ConditionFailedError('Condition check failed.');
  }
}

function attributesOf(row: Row): Attributes {
  const attributes: Attributes = {};
  for (const [name, cell] of row.cells) attributes[name] = fromCell(cell);
  return attributes;
}
