/**
 * Asynchronous invocation as Function Compute 3.0 does it: invokeAsync only enqueues; workers
 * (bounded concurrency) run the function, retry a throwing one up to maxRetries with the same
 * requestId, and then invoke its on-failure destination with FC's destination payload.
 * Retries run immediately (FC backs off; tests should not wait for that). A delayed invocation
 * waits on the clock: with the system clock a timer releases it; with a test clock, releaseDue()
 * after the clock moved.
 */
import { randomUUID } from 'node:crypto';
import type { FcContext } from '../context';
import { buildAsyncDestinationPayload } from '../events/async-destination';
import { encodeInvocationPayload } from '../invocation-payload';
import { MAX_INVOKE_DELAY_SECONDS, type Clock, type InvokeOptions, type Invoker } from '../ports';
import { SystemClock } from '../clock';

export interface LocalFunction {
  handler(event: Buffer, context: FcContext): Promise<unknown>;
  /** Retries after the first attempt (FC's MaxAsyncRetryAttempts). */
  maxRetries: number;
  /** Function invoked with the destination payload once every attempt failed. */
  onFailure?: string;
}

export interface LocalInvokerOptions {
  functions?: Record<string, LocalFunction>;
  concurrency?: number;
  region?: string;
  accountId?: string;
  clock?: Clock;
  /** Release delayed invocations with real timers (local runs); tests with a fixed clock call releaseDue(). Default true. */
  timers?: boolean;
}

/** An invocation that failed every attempt and had no destination to go to. */
export interface DroppedInvocation {
  functionName: string;
  requestId: string;
  event: Buffer;
  error: unknown;
}

interface Job {
  functionName: string;
  requestId: string;
  event: Buffer;
}

/** FC's condition code for a function that threw (inferred: the docs sample shows only FunctionResourceExhausted). */
export const UNHANDLED_INVOCATION_ERROR = 'UnhandledInvocationError';

export class LocalInvoker implements Invoker {
  readonly dropped: DroppedInvocation[] = [];
  private readonly functions = new Map<string, LocalFunction>();
  private readonly queue: Job[] = [];
  private readonly delayed: Array<Job & { dueAt: number }> = [];
  private readonly timers: boolean;
  private timer: { handle: NodeJS.Timeout; at: number } | undefined;
  private readonly idleWaiters: Array<() => void> = [];
  private running = 0;
  private readonly concurrency: number;
  private readonly region: string;
  private readonly accountId: string;
  private readonly clock: Clock;

  constructor(options: LocalInvokerOptions = {}) {
    this.concurrency = options.concurrency ?? 2;
    if (!Number.isInteger(this.concurrency) || this.concurrency < 1) throw new Error(`concurrency must be a positive integer`);
    this.region = options.region ?? 'local';
    this.accountId = options.accountId ?? '000000000000';
    this.clock = options.clock ?? new SystemClock();
    this.timers = options.timers ?? true;
    for (const [name, fn] of Object.entries(options.functions ?? {})) this.register(name, fn);
  }

  register(functionName: string, fn: LocalFunction): void {
    this.functions.set(functionName, fn);
  }

  async invokeAsync(functionName: string, payload: unknown, options: InvokeOptions = {}): Promise<void> {
    // FC rejects the call itself (FunctionNotFound, a delay out of range) rather than failing later.
    if (!this.functions.has(functionName)) throw new Error(`FunctionNotFound: ${functionName}`);
    const delay = options.delaySeconds ?? 0;
    if (!Number.isInteger(delay) || delay < 0 || delay > MAX_INVOKE_DELAY_SECONDS) {
      throw new Error(`InvalidArgument: x-fc-async-delay ${delay} is not 0-${MAX_INVOKE_DELAY_SECONDS} seconds`);
    }
    const job = { functionName, requestId: randomUUID(), event: encodeInvocationPayload(payload) };
    if (delay > 0) {
      this.delayed.push({ ...job, dueAt: this.clock.now() + delay * 1000 });
      this.armTimer();
      return;
    }
    this.queue.push(job);
    // Start workers on a later tick: the caller's invocation must not run inline.
    setImmediate(() => this.pump());
  }

  /** Delayed invocations not yet due. */
  get pendingDelayed(): number {
    return this.delayed.length;
  }

  /** The earliest due time of a delayed invocation, epoch ms. */
  nextDueAt(): number | undefined {
    return this.delayed.reduce<number | undefined>((min, job) => (min === undefined || job.dueAt < min ? job.dueAt : min), undefined);
  }

  /** Queues every delayed invocation whose time has come (by the clock); returns how many. */
  releaseDue(): number {
    const now = this.clock.now();
    const due = this.delayed.filter((job) => job.dueAt <= now).sort((a, b) => a.dueAt - b.dueAt);
    for (const job of due) {
      this.delayed.splice(this.delayed.indexOf(job), 1);
      this.queue.push({ functionName: job.functionName, requestId: job.requestId, event: job.event });
    }
    if (due.length > 0) setImmediate(() => this.pump());
    this.armTimer();
    return due.length;
  }

  /**
   * One timer, for the earliest delayed invocation, armed again after every release. A timer may fire before the clock
   * says the job is due (Node starts a timeout at the event loop's cached time, which lags the clock after synchronous
   * work), so the job that was not due yet must get a timer of its own: with one timer per invocation, fired once, such a
   * job stayed delayed for good (seen on a busy CI machine: three device checks never ran).
   */
  private armTimer(): void {
    if (!this.timers) return;
    const next = this.nextDueAt();
    if (next === undefined || (this.timer && this.timer.at <= next)) return;
    if (this.timer) clearTimeout(this.timer.handle);
    const handle = setTimeout(() => {
      this.timer = undefined;
      this.releaseDue();
    }, Math.max(1, next - this.clock.now()));
    handle.unref();
    this.timer = { handle, at: next };
  }

  /** Resolves once the queue is empty and nothing runs, including work queued meanwhile (delayed work not yet due excepted). */
  drain(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private isIdle(): boolean {
    return this.queue.length === 0 && this.running === 0;
  }

  private pump(): void {
    while (this.running < this.concurrency && this.queue.length > 0) {
      const job = this.queue.shift()!;
      this.running++;
      void this.run(job).finally(() => {
        this.running--;
        this.pump();
        if (this.isIdle()) this.idleWaiters.splice(0).forEach((resolve) => resolve());
      });
    }
  }

  private async run(job: Job): Promise<void> {
    const fn = this.functions.get(job.functionName)!;
    const attempts = 1 + fn.maxRetries;
    let lastError: unknown;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        // A copy per attempt: a handler mutating its Buffer must not change the retry's event.
        await fn.handler(Buffer.from(job.event), this.contextFor(job));
        return;
      } catch (err) {
        lastError = err;
      }
    }
    if (!fn.onFailure || !this.functions.has(fn.onFailure)) {
      this.dropped.push({ functionName: job.functionName, requestId: job.requestId, event: job.event, error: lastError });
      return;
    }
    const payload = buildAsyncDestinationPayload({
      timestamp: this.clock.now(),
      requestId: job.requestId,
      region: this.region,
      accountId: this.accountId,
      functionName: job.functionName,
      condition: UNHANDLED_INVOCATION_ERROR,
      attempts,
      event: job.event,
      functionError: UNHANDLED_INVOCATION_ERROR,
      error: lastError,
    });
    this.queue.push({ functionName: fn.onFailure, requestId: randomUUID(), event: encodeInvocationPayload(payload) });
  }

  private contextFor(job: Job): FcContext {
    return {
      requestId: job.requestId,
      region: this.region,
      accountId: this.accountId,
      credentials: { accessKeyId: 'local', accessKeySecret: 'local' },
      function: { name: job.functionName },
    };
  }
}
