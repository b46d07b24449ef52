/**
 * The media functions wired to local adapters the way the construct wires them in FC:
 * planner → transcoder (async), both with bounded retries and the failure handler as their
 * on-failure destination. Used by `bin/media-local.ts` and the tests.
 */
import * as path from 'node:path';
import { SystemClock } from '../shared/clock';
import type { EventHandler } from '../shared/context';
import type { LogWriter } from '../shared/log';
import { LocalCdn } from '../shared/local/local-cdn';
import { LocalInvoker } from '../shared/local/local-invoker';
import { LocalObjectStore } from '../shared/local/local-object-store';
import { MemoryTableStore } from '../shared/local/table-store/memory-table-store';
import type { Clock } from '../shared/ports';
import type { MediaDeps } from './deps';
import { createFailureHandler } from './failure';
import { createPlanner } from './planner';
import { MEDIA_DEFAULT_RETRIES, MEDIA_FUNCTIONS, type MediaSettings } from './settings';
import { localFunctionNames, registerManifestFunctions } from '../shared/local/register-functions';
import { createReaper } from './reaper';
import { createTranscoder } from './transcoder';
import { createCompletionNotifier, type CompletionNotice } from './completion';

/** The functions' names locally: their bundle entries, as the manifest makes them. */
export const LOCAL_FUNCTIONS = localFunctionNames('media', MEDIA_FUNCTIONS);

export interface LocalPipelineOptions {
  workDir: string;
  settings: MediaSettings;
  bucket?: string;
  /** The construct's `maxRetries` (each function's retries follow from it through the manifest, as in FC). */
  maxRetries?: number;
  concurrency?: number;
  log?: LogWriter;
  clock?: Clock;
  /** Wraps each function's handler as it is registered (the bench times the planner and transcoders this way). */
  wrap?: (fn: keyof typeof MEDIA_FUNCTIONS, handler: EventHandler) => EventHandler;
}

export interface LocalPipeline {
  deps: MediaDeps;
  store: LocalObjectStore;
  jobs: MemoryTableStore;
  cdn: LocalCdn;
  invoker: LocalInvoker;
  /** What the completion destination received (settings.notifyCompletion): each notice the notifier returned, in order. */
  completions: CompletionNotice[];
}

export function createLocalPipeline(options: LocalPipelineOptions): LocalPipeline {
  const store = new LocalObjectStore(path.join(options.workDir, 'buckets'), options.bucket ?? 'media');
  const jobs = new MemoryTableStore();
  const cdn = new LocalCdn();
  const clock = options.clock ?? new SystemClock();
  const invoker = new LocalInvoker({ concurrency: options.concurrency ?? 2, clock });
  const deps: MediaDeps = {
    settings: options.settings,
    source: store,
    output: store,
    jobs,
    jobTable: 'media-jobs',
    invoker,
    transcoderFunction: LOCAL_FUNCTIONS.transcoder,
    notifierFunction: LOCAL_FUNCTIONS.completionNotifier,
    cdn,
    clock,
    log: options.log ?? (() => undefined),
    tmpDir: path.join(options.workDir, 'tmp'),
  };
  const completions: CompletionNotice[] = [];
  const notifier = createCompletionNotifier(deps);
  const handlers: Record<keyof typeof MEDIA_FUNCTIONS, EventHandler> = {
    planner: createPlanner(deps),
    transcoder: createTranscoder(deps),
    failureHandler: createFailureHandler(deps),
    reaper: createReaper(deps),
    // FC hands a successful invocation's return to the on-success destination: locally, this list.
    completionNotifier: async (event, ctx) => {
      const notice = await notifier(event, ctx);
      completions.push(notice);
      return notice;
    },
  };
  const wrap = options.wrap ?? ((_fn, handler) => handler);
  for (const fn of Object.keys(handlers) as Array<keyof typeof handlers>) handlers[fn] = wrap(fn, handlers[fn]);
  registerManifestFunctions(invoker, 'media', MEDIA_FUNCTIONS, handlers, { maxRetries: options.maxRetries ?? MEDIA_DEFAULT_RETRIES });
  return { deps, store, jobs, cdn, invoker, completions };
}
