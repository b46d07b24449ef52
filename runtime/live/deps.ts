/** What the LiveMuxCluster functions get: settings, keys and ports (cloud or local). */
import type { LogWriter } from '../shared/log';
import type { Clock, Invoker, TableStore } from '../shared/ports';
import type { LiveKeys, LiveSettings } from './settings';

export interface LiveDeps {
  settings: LiveSettings;
  keys: LiveKeys;
  store: TableStore;
  /** Starts mixers and queues the rooms' watchdog checks (delayed invocations). */
  invoker: Invoker;
  functions: { mixer: string; watchdog: string };
  clock: Clock;
  log: LogWriter;
}
