/**
 * The content part of IotIngest on local adapters, wired the way the construct wires it in FC: the
 * content API writes the posts table; the table's stream (LocalTableStream, as the Tablestore
 * trigger delivers it: CBOR batches, at least once) invokes the indexer asynchronously; the indexer
 * pushes to the search engine (LocalSearchEngine, the Table Store search index's query semantics).
 */
import { SystemClock } from '../shared/clock';
import type { FcContext } from '../shared/context';
import { MAX_ASYNC_RETRIES } from '../shared/function-manifest';
import type { LogWriter } from '../shared/log';
import { localContexts } from '../shared/local/local-context';
import { LocalInvoker } from '../shared/local/local-invoker';
import { LocalSearchEngine } from '../shared/local/local-search-engine';
import { LocalTableStream } from '../shared/local/local-table-stream';
import { MemoryTableStore } from '../shared/local/table-store/memory-table-store';
import type { Clock } from '../shared/ports';
import { createContentApi } from './content-api';
import type { IotDeps } from './deps';
import { createIndexer } from './indexer';
import { BASE_TABLE_NAMES, POST_SEARCH_SCHEMA, type IotSettings } from './settings';

export const LOCAL_INDEXER = 'iot-indexer';

/** A single IotIngest's settings with the base table names (devices: the construct's defaults, a test app key). */
export const LOCAL_IOT_SETTINGS: IotSettings = {
  tables: BASE_TABLE_NAMES,
  searchIndex: 'post_search_index',
  maxBodyBytes: 16 * 1024,
  devices: { debounceSeconds: 30, minNotifyIntervalSeconds: 60, maxSendAttempts: 3, push: { appKey: '333123456', apnsEnv: 'DEV' } },
};

export interface LocalContentOptions {
  settings?: IotSettings;
  clock?: Clock;
  log?: LogWriter;
  /** Stream records per indexer invocation. */
  streamBatch?: number;
  concurrency?: number;
}

export interface LocalContent {
  deps: IotDeps;
  /** The tables underneath (writes to it directly bypass the stream). */
  tables: MemoryTableStore;
  stream: LocalTableStream;
  search: LocalSearchEngine;
  invoker: LocalInvoker;
  api: ReturnType<typeof createContentApi>;
  indexer: ReturnType<typeof createIndexer>;
  /** Until every write so far is indexed (or parked): the stream flushed and the indexer's queue drained. */
  settle(): Promise<void>;
  context(functionName: string, requestId?: string): FcContext;
}

export function createLocalContent(options: LocalContentOptions = {}): LocalContent {
  const settings = options.settings ?? LOCAL_IOT_SETTINGS;
  const clock = options.clock ?? new SystemClock();
  const tables = new MemoryTableStore();
  const invoker = new LocalInvoker({ concurrency: options.concurrency ?? 2, clock });
  const stream = new LocalTableStream(tables, {
    tables: [settings.tables.posts],
    deliver: (_table, document) => invoker.invokeAsync(LOCAL_INDEXER, document),
    batch: options.streamBatch ?? 100,
    now: () => clock.now(),
  });
  const search = new LocalSearchEngine(POST_SEARCH_SCHEMA);
  const deps: IotDeps = { settings, store: stream, search, clock, log: options.log ?? (() => undefined) };
  const indexer = createIndexer(deps);
  // The Tablestore trigger retries a failed batch until its records expire: locally, as often as FC retries anything.
  invoker.register(LOCAL_INDEXER, { handler: indexer, maxRetries: MAX_ASYNC_RETRIES });
  return {
    deps,
    tables,
    stream,
    search,
    invoker,
    api: createContentApi(deps),
    indexer,
    async settle() {
      await stream.flush();
      await invoker.drain();
    },
    context: localContexts(),
  };
}
