/**
 * A pattern's functions, declared once in its runtime contract and read by the construct (what to
 * create and how FC retries it), the local runner (the same retries, in-process) and the bundle
 * build (one handler file per entry, checked both ways). Local and cloud retries cannot drift apart.
 */

/**
 * Where a function runs.
 * - `nodejs20`: FC's built-in Node.js 20 runtime; `index.handler`; ali-oss, tablestore, pop-core built in.
 * - `ffmpeg`: FC's `custom.debian10` runtime (its own Node.js 20) with the official FFmpeg6x and
 *   Nodejs-Aliyun-SDK layers and our HTTP adapter. FFmpeg6x lists no nodejs20 runtime, so a function
 *   that runs ffmpeg cannot be `nodejs20` (see docs/design.md, "FFmpeg on Function Compute").
 */
export type FunctionRuntime = 'nodejs20' | 'ffmpeg';

/**
 * How many times FC retries a failed asynchronous invocation.
 * - `pattern`: the construct's `maxRetries` prop;
 * - `terminal`: FC's maximum, for the failure handler at the end of the line (it has no destination);
 * - `sendAttempts`: at least `maxSendAttempts - 1`, so every attempt of an outbox entry gets an invocation;
 * - `none`: never retried by FC (something else restarts it: the live mixer's watchdog).
 */
export type RetryPolicy = 'pattern' | 'terminal' | 'sendAttempts' | 'none';

export interface FunctionSpec {
  /** File name (without .ts) under runtime/<pattern>/handlers/; the bundle entry is `<pattern>-<handler>`. */
  readonly handler: string;
  /** Where the function runs. */
  readonly runtime: FunctionRuntime;
  /** `async`: invoked asynchronously (events, timers, other functions): FC retries apply. `sync`: a caller waits for it. */
  readonly invocation: 'async' | 'sync';
  /**
   * How many times FC retries a failed asynchronous invocation of it.
   *
   * @default 'pattern'
   */
  readonly retries?: RetryPolicy;
  /**
   * Key of the function in the same manifest that gets this one's events once its retries are exhausted.
   *
   * @default - no on-failure destination
   */
  readonly onFailure?: string;
}

export type FunctionManifest<K extends string = string> = Readonly<Record<K, FunctionSpec>>;

/** FC's MaxAsyncRetryAttempts is 0 to 8 (ALIYUN::FC3::AsyncInvokeConfig). */
export const MAX_ASYNC_RETRIES = 8;

export interface RetryInputs {
  /** The construct's `maxRetries`. */
  maxRetries: number;
  /**
   * Attempts per outbox entry, for `sendAttempts`.
   *
   * @default 1
   */
  maxSendAttempts?: number;
}

/** The async retries of one function: the same number in the cloud (AsyncInvokeConfig) and locally. */
export function asyncRetries(spec: FunctionSpec, inputs: RetryInputs): number {
  switch (spec.retries ?? 'pattern') {
    case 'terminal':
      return MAX_ASYNC_RETRIES;
    case 'sendAttempts':
      return Math.min(MAX_ASYNC_RETRIES, Math.max(inputs.maxRetries, (inputs.maxSendAttempts ?? 1) - 1));
    case 'pattern':
      return inputs.maxRetries;
    case 'none':
      return 0;
  }
}

/** The bundle entry name of a function, e.g. `media-planner`. */
export function bundleEntry(pattern: string, spec: FunctionSpec): string {
  return `${pattern}-${spec.handler}`;
}
