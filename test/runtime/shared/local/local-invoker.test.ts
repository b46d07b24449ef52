import type { FcContext } from '../../../../runtime/shared/context';
import { parseAsyncDestinationEvent } from '../../../../runtime/shared/events/async-destination';
import { LocalInvoker } from '../../../../runtime/shared/local/local-invoker';
import { FixedClock } from '../../../../runtime/shared/clock';

describe('LocalInvoker', () => {
  it('queues instead of running inline, and drain waits for the work', async () => {
    const seen: string[] = [];
    const invoker = new LocalInvoker({
      functions: { f: { maxRetries: 0, handler: async (event) => void seen.push(event.toString()) } },
    });
    await invoker.invokeAsync('f', { a: 1 });
    expect(seen).toEqual([]);
    await invoker.drain();
    expect(seen).toEqual(['{"a":1}']);
  });

  it('rejects unknown functions at call time', async () => {
    await expect(new LocalInvoker().invokeAsync('missing', {})).rejects.toThrow(/FunctionNotFound/);
  });

  it('never runs more than `concurrency` handlers at once', async () => {
    let running = 0;
    let peak = 0;
    const invoker = new LocalInvoker({
      concurrency: 2,
      functions: {
        f: {
          maxRetries: 0,
          handler: async () => {
            running++;
            peak = Math.max(peak, running);
            await new Promise((r) => setTimeout(r, 5));
            running--;
          },
        },
      },
    });
    for (let i = 0; i < 6; i++) await invoker.invokeAsync('f', i);
    await invoker.drain();
    expect(peak).toBe(2);
  });

  it('retries with the same requestId, then sends the FC destination payload to onFailure', async () => {
    const requestIds: string[] = [];
    const destinations: Array<{ event: Buffer; ctx: FcContext }> = [];
    const invoker = new LocalInvoker({
      region: 'cn-hangzhou',
      accountId: '123',
      clock: new FixedClock(1700000000000),
      functions: {
        work: {
          maxRetries: 2,
          onFailure: 'failed',
          handler: async (_event, ctx) => {
            requestIds.push(ctx.requestId);
            throw new TypeError('boom');
          },
        },
        failed: { maxRetries: 0, handler: async (event, ctx) => void destinations.push({ event, ctx }) },
      },
    });
    await invoker.invokeAsync('work', { job: 'j1' });
    await invoker.drain();
    expect(requestIds).toHaveLength(3);
    expect(new Set(requestIds).size).toBe(1);
    expect(destinations).toHaveLength(1);
    const payload = JSON.parse(destinations[0].event.toString());
    expect(payload).toMatchObject({
      timestamp: 1700000000000,
      requestContext: {
        requestId: requestIds[0],
        functionArn: 'acs:fc:cn-hangzhou:123:functions/work',
        condition: 'UnhandledInvocationError',
        approximateInvokeCount: 3,
      },
      requestPayload: '{"job":"j1"}',
      responseContext: { statusCode: 200, functionError: 'UnhandledInvocationError' },
    });
    expect(parseAsyncDestinationEvent(destinations[0].event)).toMatchObject({
      functionName: 'work',
      attempts: 3,
      errorMessage: 'boom',
      errorType: 'TypeError',
    });
    expect(destinations[0].ctx.requestId).not.toBe(requestIds[0]);
    expect(invoker.dropped).toEqual([]);
  });

  it('stops retrying after a success and records failures without a destination', async () => {
    let calls = 0;
    const invoker = new LocalInvoker({
      functions: {
        flaky: {
          maxRetries: 3,
          handler: async () => {
            if (++calls < 2) throw new Error('once');
          },
        },
        broken: { maxRetries: 1, handler: async () => Promise.reject(new Error('always')) },
      },
    });
    await invoker.invokeAsync('flaky', 'x');
    await invoker.invokeAsync('broken', 'y');
    await invoker.drain();
    expect(calls).toBe(2);
    expect(invoker.dropped.map((d) => [d.functionName, d.event.toString(), (d.error as Error).message])).toEqual([['broken', 'y', 'always']]);
  });

  it('drain also waits for invocations queued by handlers', async () => {
    const order: string[] = [];
    const invoker: LocalInvoker = new LocalInvoker({
      functions: {
        first: {
          maxRetries: 0,
          handler: async () => {
            order.push('first');
            await invoker.invokeAsync('second', 'x');
          },
        },
        second: { maxRetries: 0, handler: async () => void order.push('second') },
      },
    });
    await invoker.invokeAsync('first', null);
    await invoker.drain();
    expect(order).toEqual(['first', 'second']);
  });
});

describe('LocalInvoker delayed invocations', () => {
  it('holds a delayed invocation until the clock reaches it, and refuses a delay FC would not take', async () => {
    const clock = new FixedClock(0);
    const seen: string[] = [];
    const f = { maxRetries: 0, handler: async (e: Buffer) => void seen.push(e.toString()) };
    const invoker = new LocalInvoker({ clock, timers: false, functions: { f } });
    await invoker.invokeAsync('f', 'late', { delaySeconds: 30 });
    await invoker.invokeAsync('f', 'now');
    await invoker.drain();
    expect(seen).toEqual(['now']);
    expect(invoker.nextDueAt()).toBe(30_000);
    clock.set(29_999);
    expect(invoker.releaseDue()).toBe(0);
    clock.set(30_000);
    expect(invoker.releaseDue()).toBe(1);
    await invoker.drain();
    expect(seen).toEqual(['now', 'late']);
    expect(invoker.pendingDelayed).toBe(0);
    await expect(invoker.invokeAsync('f', {}, { delaySeconds: 3600 })).rejects.toThrow(/x-fc-async-delay/);
  });

  describe('on timers', () => {
    // Timers and the system clock under jest's control; setImmediate (the invoker's pump) stays real.
    beforeEach(() => jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] }));
    afterEach(() => jest.useRealTimers());

    it('releases delayed invocations with timers by default, when the delay has passed and not before', async () => {
      const seen: string[] = [];
      const invoker = new LocalInvoker({ functions: { f: { maxRetries: 0, handler: async () => void seen.push('ran') } } });
      await invoker.invokeAsync('f', {}, { delaySeconds: 1 });
      jest.advanceTimersByTime(999);
      await invoker.drain();
      expect([seen, invoker.pendingDelayed]).toEqual([[], 1]);
      jest.advanceTimersByTime(1);
      await invoker.drain();
      expect([seen, invoker.pendingDelayed]).toEqual([['ran'], 0]);
    });

    it('runs a delayed invocation whose timer fired before the clock said it was due', async () => {
      // Node starts a timeout at the event loop's cached time, which lags the clock after synchronous work: the timer
      // fires early by the clock. Here the clock falls 5 ms behind the timers once the invocation is queued.
      let lag = 0;
      const clock = { now: () => Date.now() - lag };
      const seen: string[] = [];
      const invoker = new LocalInvoker({ clock, functions: { f: { maxRetries: 0, handler: async () => void seen.push('ran') } } });
      await invoker.invokeAsync('f', {}, { delaySeconds: 1 });
      lag = 5;
      jest.advanceTimersByTime(1000);
      await invoker.drain();
      expect([seen, invoker.pendingDelayed]).toEqual([[], 1]);
      jest.advanceTimersByTime(5);
      await invoker.drain();
      expect([seen, invoker.pendingDelayed]).toEqual([['ran'], 0]);
    });

    it('releases each delayed invocation at its own time, whatever order they were queued in', async () => {
      const seen: string[] = [];
      const invoker = new LocalInvoker({ functions: { f: { maxRetries: 0, handler: async (e: Buffer) => void seen.push(e.toString()) } } });
      await invoker.invokeAsync('f', 'third', { delaySeconds: 3 });
      await invoker.invokeAsync('f', 'first', { delaySeconds: 1 });
      await invoker.invokeAsync('f', 'second', { delaySeconds: 2 });
      const ranBy = async (ms: number) => {
        jest.advanceTimersByTime(ms);
        await invoker.drain();
        return [...seen];
      };
      expect(await ranBy(999)).toEqual([]);
      expect(await ranBy(1)).toEqual(['first']);
      expect(await ranBy(1000)).toEqual(['first', 'second']);
      expect(await ranBy(999)).toEqual(['first', 'second']);
      expect(await ranBy(1)).toEqual(['first', 'second', 'third']);
    });
  });
});
