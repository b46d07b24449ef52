/** What every dispatch function gets: settings and ports (cloud or local). */
import type { LogWriter } from '../shared/log';
import type { Clock, Invoker, Push, TableStore } from '../shared/ports';
import type { DispatchSettings } from './settings';

export interface DispatchDeps {
  settings: DispatchSettings;
  /** Holds every table of settings.tables. */
  store: TableStore;
  invoker: Invoker;
  /** Function that sends an order's pending notifications; invoked with `{ orderId }`. */
  notifierFunction: string;
  push: Push;
  clock: Clock;
  /** Where structured log lines go; each invocation gets a logger with its requestId. */
  log: LogWriter;
}
