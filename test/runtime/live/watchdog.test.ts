/** One mixer per room: the lease, the start on the first live mic, the watchdog chain that restarts a dead mixer. */
import { claimLease, LEASE_MS, renewLease, takeLease } from '../../../runtime/live/mixer-lease';
import { authKey } from '../../../runtime/live/url-signing';
import { KEYS, liveHarness, SETTINGS, T0 } from './live-harness';

type H = ReturnType<typeof liveHarness>;

/** The claim the modelled mixer of epoch 1 holds (liveRoom claims it, as the mixer does when it starts). */
const MIXER = 'mixer-1';

async function liveRoom(h: H, mics: string[]) {
  const id = (await h.call('POST', '/rooms', { idempotencyKey: `k${mics.join()}` })).body.room.roomId as string;
  for (const micId of mics) {
    await h.call('POST', `/rooms/${id}/mics`, { micId });
    const stream = `${id}-${micId}`;
    const ts = Math.floor(h.clock.now() / 1000);
    const query = {
      action: 'publish',
      id: stream,
      app: 'push.example.com',
      appname: 'live',
      time: String(ts),
      usrargs: `auth_key=${authKey(`/live/${stream}`, KEYS.push, ts)}`,
    };
    expect((await h.notify(query)).outcome).toBe('live');
  }
  await claimLease(h.deps.store, rooms, id, 1, MIXER);
  await h.invoker.drain();
  return id;
}
const rooms = SETTINGS.tables.rooms;

describe('mixer lease', () => {
  it('is taken by one start of two racing, claimed by one delivery, renewed only by its holder, and free again once it lapses', async () => {
    const h = liveHarness();
    const id = (await h.call('POST', '/rooms', { idempotencyKey: 'k' })).body.room.roomId as string;
    const [a, b] = await Promise.all([takeLease(h.deps.store, rooms, id, T0, 30_000), takeLease(h.deps.store, rooms, id, T0, 30_000)]);
    expect([a, b].filter(Boolean)).toEqual([{ epoch: 1, until: T0 + 30_000 }]);
    expect(await takeLease(h.deps.store, rooms, id, T0 + 29_000, 30_000)).toBeUndefined();
    // The epoch's mixer claims it once: a second delivery of the same start cannot, and cannot renew.
    expect(await claimLease(h.deps.store, rooms, id, 1, 'first')).toBe(true);
    expect(await claimLease(h.deps.store, rooms, id, 1, 'second')).toBe(false);
    expect(await renewLease(h.deps.store, rooms, id, 1, 'second', T0 + 29_000)).toBe(false);
    expect(await renewLease(h.deps.store, rooms, id, 1, 'first', T0 + 29_000)).toBe(true);
    expect(await takeLease(h.deps.store, rooms, id, T0 + 29_000 + LEASE_MS + 1, 30_000)).toEqual({
      epoch: 2,
      until: T0 + 29_000 + LEASE_MS + 1 + 30_000,
    });
    expect(await renewLease(h.deps.store, rooms, id, 1, 'first', T0 + 50_000)).toBe(false);
    // The next epoch's mixer claims it afresh.
    expect(await claimLease(h.deps.store, rooms, id, 2, 'third')).toBe(true);
  });
});

describe('mixer lease, answers lost', () => {
  it('is taken when the write landed but its answer was lost (the row read back holds it)', async () => {
    const h = liveHarness();
    const id = (await h.call('POST', '/rooms', { idempotencyKey: 'lost' })).body.room.roomId as string;
    // A store whose next update lands and then fails, as a timed-out request whose write went through.
    let loseNext = true;
    const store = new Proxy(h.deps.store, {
      get(target, name, receiver) {
        const value = Reflect.get(target, name, receiver);
        if (name !== 'updateRow') return typeof value === 'function' ? value.bind(target) : value;
        return async (...args: unknown[]) => {
          const result = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          if (loseNext) {
            loseNext = false;
            throw new Error('socket hang up');
          }
          return result;
        };
      },
    });
    expect(await takeLease(store, rooms, id, T0, 30_000)).toEqual({ epoch: 1, until: T0 + 30_000 });
    loseNext = true;
    await expect(takeLease(store, rooms, id, T0 + 60_000, 30_000)).resolves.toEqual({ epoch: 2, until: T0 + 90_000 });
  });
});

describe('watchdog', () => {
  it('starts one mixer when the first mic goes live, none for the next, and its chain runs every interval', async () => {
    const h = liveHarness();
    const id = await liveRoom(h, ['host', 'guest']);
    expect(h.mixerStarts).toEqual([{ roomId: id, epoch: 1 }]);
    expect(h.invoker.pendingDelayed).toBe(1);
    // The mixer heartbeats: the watchdog leaves it alone, and keeps exactly one run queued.
    for (let t = 0; t < 6; t++) {
      await renewLease(h.deps.store, rooms, id, 1, MIXER, h.clock.now());
      await h.advance(10_000);
    }
    expect(h.mixerStarts).toHaveLength(1);
    expect(h.invoker.pendingDelayed).toBe(1);
    expect(h.logLines.filter((l) => l.decision === 'watchdog' && l.verdict === 'mixer-started')).toHaveLength(0);
  });

  it('restarts a mixer that stopped heartbeating within the lease plus one interval, with the next epoch', async () => {
    const h = liveHarness();
    const id = await liveRoom(h, ['host']);
    await h.advance(5_000);
    await renewLease(h.deps.store, rooms, id, 1, MIXER, h.clock.now());
    const diedAt = h.clock.now();
    await h.advance(LEASE_MS + SETTINGS.mixer.watchdogIntervalSeconds * 1000);
    expect(h.mixerStarts).toEqual([
      { roomId: id, epoch: 1 },
      { roomId: id, epoch: 2 },
    ]);
    const restart = h.logLines.find((l) => l.msg === 'mixer restarted: its lease had lapsed');
    expect(restart).toMatchObject({ roomId: id, liveMics: 1 });
    expect(h.clock.now() - diedAt).toBeLessThanOrEqual(LEASE_MS + SETTINGS.mixer.watchdogIntervalSeconds * 1000);
  });

  it('stops when the room ends, and when no mic has been live for the idle time', async () => {
    const h = liveHarness();
    const id = await liveRoom(h, ['host']);
    await h.call('POST', `/rooms/${id}/end`);
    await h.advance(60_000);
    expect(h.invoker.pendingDelayed).toBe(0);
    expect(h.logLines.some((l) => l.verdict === 'ended')).toBe(true);

    const g = liveHarness();
    const other = await liveRoom(g, ['host']);
    const done = { action: 'publish_done', id: `${other}-host`, app: 'push.example.com', appname: 'live', time: String(T0 / 1000) };
    expect((await g.notify(done)).outcome).toBe('gone');
    await g.advance((SETTINGS.mixer.idleStopSeconds + 2 * SETTINGS.mixer.watchdogIntervalSeconds) * 1000);
    expect(g.invoker.pendingDelayed).toBe(0);
    expect(g.logLines.some((l) => l.verdict === 'idle')).toBe(true);
  });

  it('once it stopped for idleness, the next mic going live starts a chain at once (not one interval later)', async () => {
    const h = liveHarness();
    const id = await liveRoom(h, ['host']);
    const done = { action: 'publish_done', id: `${id}-host`, app: 'push.example.com', appname: 'live', time: String(T0 / 1000) };
    expect((await h.notify(done)).outcome).toBe('gone');
    // Up to the run that stops the chain, and not a second further.
    for (let t = 0; t < 300 && h.invoker.pendingDelayed > 0; t++) await h.advance(1000);
    expect(h.invoker.pendingDelayed).toBe(0);
    // Right after the chain stopped, the host publishes again: its callback must find no chain and start one.
    const ts = Math.floor(h.clock.now() / 1000);
    const again = { action: 'publish', id: `${id}-host`, app: 'push.example.com', appname: 'live', time: String(ts) };
    expect((await h.notify({ ...again, usrargs: `auth_key=${authKey(`/live/${id}-host`, KEYS.push, ts)}` })).outcome).toBe('live');
    await h.invoker.drain();
    expect(h.invoker.pendingDelayed).toBe(1);
  });

  it('adopts a chain whose last run died between queueing the next run and recording it, and never runs two', async () => {
    const h = liveHarness();
    const id = await liveRoom(h, ['host']);
    // The recorded due no longer matches the queued run (its writer died): the queued run adopts the chain.
    await h.deps.store.updateRow(rooms, [['roomId', id]], { put: { watchdogDue: T0 - 10 * 60_000 } });
    for (let t = 0; t < 5; t++) {
      await renewLease(h.deps.store, rooms, id, 1, MIXER, h.clock.now());
      await h.advance(10_000);
    }
    expect(h.invoker.pendingDelayed).toBe(1);
    // A stray duplicate run (FC delivered one twice) is dropped without queueing another.
    await h.invoker.invokeAsync('live-watchdog', { roomId: id, due: 1 });
    await h.invoker.drain();
    expect(h.invoker.pendingDelayed).toBe(1);
  });
});
