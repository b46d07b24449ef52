/**
 * Asynchronous invocation as Function Compute 3.0 does it: invokeAsync only enqueues; workers
 * (bounded concurrency) run the function, retry a throwing one up to maxRetries with the same
 * requestId, and then invoke its on-failure destination with FC's destination payload.
 * Retries run immediately (FC backs off; tests should not wait for that).
 */
import { randomUUID } from 'node:crypto';
import type { FcContext } from '../context';
import { buildAsyncDestinationPayload } from '../events/async-destination';
import { encodeInvocationPayload } from '../invocation-payload';
import type { Clock, Invoker } from '../ports';
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
    for (const [name, fn] of Object.entries(options.functions ?? {})) this.register(name, fn);
  }

  register(functionName: string, fn: LocalFunction): void {
    this.functions.set(functionName, fn);
  }

  async invokeAsync(functionName: string, payload: unknown): Promise<void> {
    // FC rejects the call itself (FunctionNotFound) rather than failing later.
    if (!this.functions.has(functionName)) throw new Error(`FunctionNotFound: ${functionName}`);
    this.queue.push({ functionName, requestId: randomUUID(), event: encodeInvocationPayload(payload) });
    // Start workers on a later tick: the caller's invocation must not run inline.
    setImmediate(() => this.pump());
  }

  /** Resolves once the queue is empty and nothing runs, including work queued meanwhile. */
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
