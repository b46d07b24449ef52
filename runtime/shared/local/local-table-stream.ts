/**
 * A Table Store stream on a laptop: a TableStore wrapper that, after each write to a watched table
 * lands, records what the stream would (PutRow with every column; UpdateRow with the columns the
 * update put or deleted; DeleteRow with the key only) and hands the records, in CBOR stream
 * documents of at most `batch` records, to `deliver` (e.g. an async invocation of the function the
 * Tablestore trigger invokes). Delivery is at least once and, across batches, in any order, as the
 * cloud's can be when it retries; the consumer must be versioned.
 */
import { encode } from 'cbor-x';
import type {
  Attributes,
  BatchWrite,
  BatchWriteResult,
  CellValue,
  Condition,
  PrimaryKey,
  RangeOptions,
  RangePage,
  RowUpdate,
  TableStore,
  UpdateOptions,
} from '../ports';

interface Column {
  Type: 'Put' | 'DeleteAllVersions';
  ColumnName: string;
  Value?: CellValue;
  Timestamp: number;
}

interface StreamRecordDoc {
  Type: 'PutRow' | 'UpdateRow' | 'DeleteRow';
  Info: { Timestamp: number };
  PrimaryKey: Array<{ ColumnName: string; Value: unknown }>;
  Columns: Column[];
}

export interface LocalTableStreamOptions {
  /** Tables whose writes are streamed. */
  tables: readonly string[];
  deliver(table: string, document: Buffer): Promise<void>;
  /** Records per stream document. */
  batch?: number;
  now?: () => number;
}

export class LocalTableStream implements TableStore {
  private readonly pending = new Map<string, StreamRecordDoc[]>();
  private scheduled = false;
  /** Records handed to `deliver` so far. */
  delivered = 0;

  constructor(
    private readonly inner: TableStore,
    private readonly options: LocalTableStreamOptions,
  ) {}

  getRow(table: string, key: PrimaryKey): Promise<Attributes | undefined> {
    return this.inner.getRow(table, key);
  }

  getRange(table: string, start: PrimaryKey, end: PrimaryKey, options?: RangeOptions): Promise<RangePage> {
    return this.inner.getRange(table, start, end, options);
  }

  async putRow(table: string, key: PrimaryKey, attributes: Attributes, condition?: Condition): Promise<void> {
    await this.inner.putRow(table, key, attributes, condition);
    this.record(table, 'PutRow', key, puts(attributes, this.now()));
  }

  async updateRow(table: string, key: PrimaryKey, update: RowUpdate, condition?: Condition, options?: UpdateOptions): Promise<Attributes> {
    const after = await this.inner.updateRow(table, key, update, condition, options);
    if (this.watched(table)) {
      const at = this.now();
      // An increment's stream column is the value it produced.
      const incremented = Object.keys(update.increment ?? {});
      const row = incremented.length > 0 ? ((await this.inner.getRow(table, key)) ?? {}) : {};
      const columns = [
        ...puts(update.put ?? {}, at),
        ...puts(Object.fromEntries(incremented.map((name) => [name, row[name]]).filter(([, v]) => v !== undefined)), at),
        ...(update.delete ?? []).map((name): Column => ({ Type: 'DeleteAllVersions', ColumnName: name, Timestamp: at })),
      ];
      this.record(table, 'UpdateRow', key, columns);
    }
    return after;
  }

  async deleteRow(table: string, key: PrimaryKey, condition?: Condition): Promise<void> {
    await this.inner.deleteRow(table, key, condition);
    this.record(table, 'DeleteRow', key, []);
  }

  async batchWrite(table: string, writes: BatchWrite[]): Promise<BatchWriteResult[]> {
    const results = await this.inner.batchWrite(table, writes);
    const at = this.now();
    writes.forEach((write, i) => {
      if (!results[i].ok) return;
      if (write.type === 'PUT') this.record(table, 'PutRow', write.key, puts(write.attributes, at));
      else if (write.type === 'DELETE') this.record(table, 'DeleteRow', write.key, []);
      else this.record(table, 'UpdateRow', write.key, puts(write.update.put ?? {}, at));
    });
    return results;
  }

  /** Hands every pending record over now (tests call it to stop waiting on the scheduled flush). */
  async flush(): Promise<void> {
    this.scheduled = false;
    const size = this.options.batch ?? 100;
    const batches: Array<[string, StreamRecordDoc[]]> = [];
    for (const [table, records] of this.pending) {
      for (let i = 0; i < records.length; i += size) batches.push([table, records.slice(i, i + size)]);
    }
    this.pending.clear();
    for (const [table, records] of batches) {
      this.delivered += records.length;
      await this.options.deliver(table, Buffer.from(encode({ Version: 'Sync-v1', Records: records })));
    }
  }

  private record(table: string, type: StreamRecordDoc['Type'], key: PrimaryKey, columns: Column[]): void {
    if (!this.watched(table)) return;
    const at = this.now();
    const record: StreamRecordDoc = {
      Type: type,
      // Microseconds, as the cloud's Info.Timestamp.
      Info: { Timestamp: at * 1000 },
      PrimaryKey: key.map(([name, value]) => ({ ColumnName: name, Value: value })),
      Columns: columns,
    };
    this.pending.set(table, [...(this.pending.get(table) ?? []), record]);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => void this.flush());
    }
  }

  private watched(table: string): boolean {
    return this.options.tables.includes(table);
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}

function puts(attributes: Attributes, at: number): Column[] {
  return Object.entries(attributes).map(([name, value]) => ({ Type: 'Put', ColumnName: name, Value: value, Timestamp: at }));
}
