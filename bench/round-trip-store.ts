/**
 * A TableStore wrapper that counts what a request costs in Table Store round trips: sequential
 * trips (calls in flight at once count as one), calls, and rows read; optionally it sleeps
 * `delayMs` per trip, to see what the trips cost in latency.
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
  private count: TripCount = { trips: 0, calls: 0, rowsRead: 0 };
  private inFlight = 0;

  constructor(
    private readonly inner: TableStore,
    private readonly delayMs = 0,
  ) {}

  /** The counts since the last call, and a fresh start. */
  take(): TripCount {
    const taken = this.count;
    this.count = { trips: 0, calls: 0, rowsRead: 0 };
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

  /** One call of `trips` sequential requests; a call that starts while another is in flight adds no trip of its own. */
  private async trip<T>(trips: number, call: () => Promise<T>): Promise<T> {
    this.count.calls++;
    if (this.inFlight === 0) this.count.trips += trips;
    this.inFlight++;
    try {
      if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs * trips));
      return await call();
    } finally {
      this.inFlight--;
    }
  }
}
