/** What every media function gets: ports (cloud or local), settings, and where to scratch. */
import type { LogWriter } from '../shared/log';
import type { Cdn, Clock, Invoker, ObjectStore, TableStore } from '../shared/ports';
import type { MediaSettings } from './settings';

export interface MediaDeps {
  settings: MediaSettings;
  /** Bucket uploads arrive in (also holds the watermark PNG). */
  source: ObjectStore;
  /** Bucket outputs go to (may be the same bucket as source). */
  output: ObjectStore;
  jobs: TableStore;
  jobTable: string;
  invoker: Invoker;
  transcoderFunction: string;
  /** The completion notifier, when settings.notifyCompletion. */
  notifierFunction?: string;
  /** Absent: no prefetch even when settings.cdn is set. */
  cdn?: Cdn;
  clock: Clock;
  /** Where structured log lines go; each invocation gets a logger with its requestId. */
  log: LogWriter;
  /** Scratch space; each invocation uses (and removes) its own folder below it. */
  tmpDir: string;
  /** Where the failure handler keeps raw destination payloads; the output bucket by default. */
  failureStore?: ObjectStore;
  /** Default `failed/`. */
  failurePrefix?: string;
}
