/** What the device functions get: settings and ports (cloud or local). */
import type { LogWriter } from '../../shared/log';
import type { Clock, Invoker, Push, TableStore } from '../../shared/ports';
import type { IotSettings } from '../settings';

export interface DeviceDeps {
  settings: IotSettings;
  /** Holds the devices and device_owners tables. */
  store: TableStore;
  /** Queues the deferred transition checks (delayed asynchronous invocations). */
  invoker: Invoker;
  /** The transition check function's name. */
  checkFunction: string;
  push: Push;
  clock: Clock;
  log: LogWriter;
}
