/**
 * A TableStore wrapper that counts what a request costs in Table Store round trips: sequential
 * trips (calls in flight at once count as one), calls, and rows read, sleeping `delayMs` per trip.
 * Trips are the longest chain of calls each started after the one before it ended: a call is one
 * trip deeper than the deepest call that had ended when it started. Which calls overlap is only
 * what it is in the cloud when each takes time, so count with a delay.
 *
 * It wraps the in-memory store, so it counts what the cloud adapter would send: OtsTableStore's
 * updateRow is an UpdateRow followed by a GetRow, two trips one after the other, unless the caller
 * asks for no row back (`returnRow: false`).
 */
import type {
  Attributes,
  BatchWrite,
  BatchWriteResult,
  Condition,
  PrimaryKey,
  RangeOptions,
  RangePage,
  RowUpdate,
  TableStore,
  UpdateOptions,
} from '../runtime/shared/ports';

export interface TripCount {
  trips: number;
  calls: number;
  rowsRead: number;
}

export class RoundTripStore implements TableStore {
  private count = { calls: 0, rowsRead: 0 };
  /** The depth of the deepest call ended so far: the trips a call started now comes after. */
  private ended = 0;

  constructor(
    private readonly inner: TableStore,
    private readonly delayMs: number,
  ) {}

  /** The counts since the last call, and a fresh start. */
  take(): TripCount {
    const taken = { ...this.count, trips: this.ended };
    this.count = { calls: 0, rowsRead: 0 };
    this.ended = 0;
    return taken;
  }

  async getRow(table: string, key: PrimaryKey): Promise<Attributes | undefined> {
    const row = await this.trip(1, () => this.inner.getRow(table, key));
    if (row) this.count.rowsRead++;
    return row;
  }

  putRow(table: string, key: PrimaryKey, attributes: Attributes, condition?: Condition): Promise<void> {
    return this.trip(1, () => this.inner.putRow(table, key, attributes, condition));
  }

  updateRow(table: string, key: PrimaryKey, update: RowUpdate, condition?: Condition, options?: UpdateOptions): Promise<Attributes> {
    return this.trip(options?.returnRow === false ? 1 : 2, () => this.inner.updateRow(table, key, update, condition, options));
  }

  deleteRow(table: string, key: PrimaryKey, condition?: Condition): Promise<void> {
    return this.trip(1, () => this.inner.deleteRow(table, key, condition));
  }

  async getRange(table: string, start: PrimaryKey, end: PrimaryKey, options?: RangeOptions): Promise<RangePage> {
    const page = await this.trip(1, () => this.inner.getRange(table, start, end, options));
    this.count.rowsRead += page.rows.length;
    return page;
  }

  batchWrite(table: string, writes: BatchWrite[]): Promise<BatchWriteResult[]> {
    return this.trip(1, () => this.inner.batchWrite(table, writes));
  }

  /** One call of `trips` sequential requests. */
  private async trip<T>(trips: number, call: () => Promise<T>): Promise<T> {
    this.count.calls++;
    const depth = this.ended + trips;
    try {
      await new Promise((resolve) => setTimeout(resolve, this.delayMs * trips));
      return await call();
    } finally {
      this.ended = Math.max(this.ended, depth);
    }
  }
}
