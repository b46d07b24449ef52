/**
 * The dispatch functions wired to local adapters the way the construct wires them in FC: the API
 * and the sweeper invoke the notifier asynchronously; the notifier retries boundedly and its
 * final failures go to the failure handler. Used by the tests (and any local run).
 */
import { SystemClock } from '../shared/clock';
import type { FcContext } from '../shared/context';
import type { LogWriter } from '../shared/log';
import { localContexts } from '../shared/local/local-context';
import { LocalInvoker } from '../shared/local/local-invoker';
import { MemoryTableStore } from '../shared/local/table-store/memory-table-store';
import type { Clock } from '../shared/ports';
import { createApiHandler } from './api';
import type { DispatchDeps } from './deps';
import { createFailureHandler } from './failure';
import { LocalPush } from '../shared/local/local-push';
import { createNotifier } from './notifier';
import { createOfferSweeper } from './offer-sweeper';
import { DISPATCH_DEFAULT_RETRIES, DISPATCH_FUNCTIONS, type DispatchSettings } from './settings';
import { localFunctionNames, registerManifestFunctions } from '../shared/local/register-functions';

/** The functions' names locally: their bundle entries, as the manifest makes them. */
export const LOCAL_DISPATCH_FUNCTIONS = localFunctionNames('dispatch', DISPATCH_FUNCTIONS);

export interface LocalDispatchOptions {
  settings: DispatchSettings;
  clock?: Clock;
  log?: LogWriter;
  /** The construct's `maxRetries` (each function's retries follow from it through the manifest, as in FC). */
  maxRetries?: number;
  concurrency?: number;
}

export interface LocalDispatch {
  deps: DispatchDeps;
  store: MemoryTableStore;
  invoker: LocalInvoker;
  push: LocalPush;
  api: ReturnType<typeof createApiHandler>;
  notifier: ReturnType<typeof createNotifier>;
  sweeper: ReturnType<typeof createOfferSweeper>;
  /** A context like FC's for direct calls of the handlers. */
  context(functionName: string, requestId?: string): FcContext;
}

export function createLocalDispatch(options: LocalDispatchOptions): LocalDispatch {
  const clock = options.clock ?? new SystemClock();
  const store = new MemoryTableStore();
  const push = new LocalPush();
  const invoker = new LocalInvoker({ concurrency: options.concurrency ?? 4, clock });
  const deps: DispatchDeps = {
    settings: options.settings,
    store,
    invoker,
    notifierFunction: LOCAL_DISPATCH_FUNCTIONS.notifier,
    push,
    clock,
    log: options.log ?? (() => undefined),
  };
  const notifier = createNotifier(deps);
  const sweeper = createOfferSweeper(deps);
  const api = createApiHandler(deps);
  registerManifestFunctions(
    invoker,
    'dispatch',
    DISPATCH_FUNCTIONS,
    { apiFunction: api, notifier, offerSweeper: sweeper, failureHandler: createFailureHandler(deps) },
    { maxRetries: options.maxRetries ?? DISPATCH_DEFAULT_RETRIES, maxSendAttempts: options.settings.maxSendAttempts },
  );
  return {
    deps,
    store,
    invoker,
    push,
    api,
    notifier,
    sweeper,
    context: localContexts(),
  };
}
