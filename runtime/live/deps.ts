/** What the LiveMuxCluster functions get: settings, keys and ports (cloud or local). */
import type { LogWriter } from '../shared/log';
import type { Clock, TableStore } from '../shared/ports';
import type { LiveKeys, LiveSettings } from './settings';

export interface LiveDeps {
  settings: LiveSettings;
  keys: LiveKeys;
  store: TableStore;
  clock: Clock;
  log: LogWriter;
}
