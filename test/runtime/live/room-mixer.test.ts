/**
 * The mixer end to end on the local ingest: two ffmpeg mics publish through the room API's signed URLs,
 * the mixer pulls them, composes them into one stream and pushes it back; a viewer reads it with ffprobe
 * at the room's resolution and frame rate; a mic dropping abruptly does not stop the output; ending the
 * room stops the mixer and gives the lease back; a second mixer of the same room cannot take it over. A
 * second room: a viewer watches while a mic joins, one leaves and one drops (the output's timeline never
 * skips a frame), then its mixer is killed (its processes gone, its writes no longer landing) and the
 * watchdog starts another once the lease lapsed, which continues the same output.
 */
import { processIds } from '../../../runtime/shared/local/process-cpu';
import type { RtmpOrigin } from '../../../runtime/live/local/rtmp-origin';
import { syntheticMic } from '../../../runtime/live/local/synthetic-mic';
import { Viewer } from '../../../runtime/live/local/viewer';
import { LEASE_MS, leaseOf, takeLease } from '../../../runtime/live/mixer-lease';
import { runRoomMixer, type RoomMixerOptions } from '../../../runtime/live/mixer/room-mixer';
import { mixStreamName, roomKey } from '../../../runtime/live/room-record';
import { authKey } from '../../../runtime/live/url-signing';
import { SystemClock } from '../../../runtime/shared/clock';
import { probeJson, runFfmpeg } from '../../../runtime/shared/ffmpeg';
import { createLogger, type Logger } from '../../../runtime/shared/log';
import type { TableStore } from '../../../runtime/shared/ports';
import { KEYS, liveHarness, originFor, SETTINGS } from './live-harness';

/** SIGKILLs every process whose command line has all of `markers`: what an instance's death does to its ffmpeg processes. */
function killProcesses(...markers: string[]): number {
  let killed = 0;
  for (const pid of processIds((cmdline) => markers.every((m) => cmdline.includes(m)))) {
    try {
      process.kill(pid, 'SIGKILL');
      killed++;
    } catch {
      // gone meanwhile
    }
  }
  return killed;
}

/** A store a killed (or cut off) mixer writes to: while `dead`, nothing it sends lands. */
function killableStore(store: TableStore): { store: TableStore; kill(): void; revive(): void } {
  let dead = false;
  const proxy = new Proxy(store, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => (dead ? Promise.reject(new Error('the mixer is dead')) : value.apply(target, args));
    },
  });
  return { store: proxy, kill: () => (dead = true), revive: () => (dead = false) };
}

jest.setTimeout(60_000);

describe('room mixer', () => {
  const h = liveHarness();
  let origin: RtmpOrigin;
  const logs: Array<Record<string, any>> = [];
  beforeAll(async () => {
    origin = await originFor(h);
  });
  afterAll(() => origin.close());

  const publisher = (url: string, color: string) => syntheticMic(url, { color, tone: 440, fps: 15 });
  const signed = (stream: string) => `${origin.url}/live/${stream}?auth_key=${authKey(`/live/${stream}`, KEYS.push, Math.floor(Date.now() / 1000))}`;
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  /** The luma of one pixel of the mix's next frame, as a viewer decodes it. */
  const lumaAt = async (url: string, points: Array<[number, number]>) => {
    const { stdout } = await runFfmpeg(['-nostdin', '-i', url, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'gray', 'pipe:1']);
    return points.map(([x, y]) => stdout[y * 320 + x]);
  };

  /** A mixer's logger whose lines land in `lines`. */
  const logTo = (lines: Array<Record<string, any>>, requestId: string) =>
    createLogger({ requestId, fn: 'live-mixer', writer: (line) => lines.push(JSON.parse(line)) });
  /** The options every mixer of these tests shares: this harness's tables, the local origin, 160x90 slots. */
  const mixerOptions = (roomId: string, epoch: number, log: Logger, more: Partial<RoomMixerOptions> = {}): RoomMixerOptions => ({
    roomId,
    epoch,
    store: h.deps.store,
    tables: SETTINGS.tables,
    clock: new SystemClock(),
    log,
    slots: 2,
    slot: { width: 160, height: 90 },
    pushUrl: signed(mixStreamName(roomId)),
    pullUrl: (micId) => `${origin.url}/live/${roomId}-${micId}`,
    idleStopSeconds: 60,
    ...more,
  });

  it('mixes two mics into one stream at the room format, survives a mic dropping, and stops when the room ends', async () => {
    const created = await h.call('POST', '/rooms', { idempotencyKey: 'mix', output: { width: 320, height: 180, fps: 15 } });
    const roomId = created.body.room.roomId as string;
    const pushUrls: string[] = [];
    for (const micId of ['host', 'guest']) {
      const joined = await h.call('POST', `/rooms/${roomId}/mics`, { micId, role: micId === 'host' ? 'host' : 'cohost' });
      pushUrls.push(joined.body.push.url.replace('rtmp://push.example.com', origin.url));
    }
    const host = publisher(pushUrls[0], 'red');
    const guest = publisher(pushUrls[1], 'blue');
    await sleep(1500);
    expect((await h.call('GET', `/rooms/${roomId}`)).body.room.mics.map((m: { state: string }) => m.state)).toEqual(['LIVE', 'LIVE']);
    const lease = await takeLease(h.deps.store, SETTINGS.tables.rooms, roomId, Date.now(), 30_000);
    // The callback already started "a mixer" (the harness records it): this test runs that mixer itself.
    expect(lease).toBeUndefined();
    const epoch = h.mixerStarts[0].epoch;
    const log = createLogger({ requestId: 'mixer', fn: 'live-mixer', writer: (line) => logs.push(JSON.parse(line)) });
    const abort = new AbortController();
    const mixer = runRoomMixer(mixerOptions(roomId, epoch, log), abort.signal);
    await sleep(4000);
    const probe = await probeJson(`${origin.url}/live/${mixStreamName(roomId)}`);
    const video = (probe.streams as Array<Record<string, any>>).find((s) => s.codec_type === 'video')!;
    expect([video.width, video.height, video.r_frame_rate]).toEqual([320, 180, '15/1']);
    // The grid of two: the host (red, luma 81) on the left, the guest (blue, luma 41) on the right.
    const mixUrl = `${origin.url}/live/${mixStreamName(roomId)}`;
    const [left, right] = await lumaAt(mixUrl, [
      [80, 90],
      [240, 90],
    ]);
    // (Two encodes and a scale away from the sources: within 15.)
    expect(Math.abs(left - 81)).toBeLessThan(15);
    expect(Math.abs(right - 41)).toBeLessThan(15);
    guest.kill('SIGKILL');
    await sleep(2500);
    // The output goes on: the guest is gone, its tile has the placeholder (luma 96) or the host alone fills the picture.
    const after = await lumaAt(mixUrl, [
      [80, 90],
      [240, 90],
    ]);
    expect(Math.abs(after[0] - 81)).toBeLessThan(15);
    expect(Math.abs(after[1] - 96)).toBeLessThan(15);
    await h.call('POST', `/rooms/${roomId}/end`);
    expect(await mixer).toBe('ended');
    host.kill('SIGKILL');
    // Both mics were live when it started: its graph had their tiles from the first frame on.
    expect(logs.find((l) => l.msg === 'mixer running')).toMatchObject({ mics: ['host', 'guest'] });
    expect(logs.find((l) => l.msg === 'mixer stopped')).toMatchObject({ exit: 'ended' });
    abort.abort();
  });

  it('keeps the output going while mics join, leave and drop, and a killed mixer is restarted by the watchdog on the same output', async () => {
    const fps = 15;
    const created = await h.call('POST', '/rooms', { idempotencyKey: 'kill', output: { width: 320, height: 180, fps } });
    const roomId = created.body.room.roomId as string;
    const join = async (micId: string, color: string) => {
      const joined = await h.call('POST', `/rooms/${roomId}/mics`, { micId, role: micId === 'host' ? 'host' : 'cohost' });
      return publisher(joined.body.push.url.replace('rtmp://push.example.com', origin.url), color);
    };
    const host = await join('host', 'red');
    const guest = await join('guest', 'blue');
    await sleep(1500);
    const run = (epoch: number, store: TableStore) =>
      runRoomMixer(mixerOptions(roomId, epoch, logTo(logs, `mixer-${epoch}`), { store, slots: 3, healthMs: 1000 }));
    const first = h.mixerStarts.find((s) => s.roomId === roomId)!;
    const killable = killableStore(h.deps.store);
    const mixer = run(first.epoch, killable.store);
    const mixUrl = `${origin.url}/live/${mixStreamName(roomId)}`;
    await sleep(3000);
    const viewer = new Viewer(mixUrl);
    try {
      await sleep(2000);
      const third = await join('third', 'green');
      await sleep(2500);
      await h.call('DELETE', `/rooms/${roomId}/mics/third`);
      await sleep(2000);
      guest.kill('SIGKILL');
      const droppedAt = Date.now();
      await sleep(2500);
      third.kill('SIGKILL');
      // The output went on through the join, the leave and the drop (packets came after the drop), and its timeline
      // never skipped a frame (one frame is 66.7 ms; FLV's millisecond dts round it to 66 or 67). Timings are npm run live's.
      expect(viewer.packets.some((p) => p.at > droppedAt)).toBe(true);
      expect(viewer.largestDtsStep()).toBeLessThanOrEqual(Math.ceil(1000 / fps));
      expect(logs.some((l) => l.decision === 'health' && l.roomId === roomId && l.fps > 0)).toBe(true);
    } finally {
      viewer.stop();
    }

    // The mixer dies: its ffmpeg processes (the compositor and the decoders, the ones moving raw video; the publishers go on)
    // killed, its table writes no longer landing (no release of the lease).
    killable.kill();
    expect(killProcesses(roomId, 'rawvideo')).toBeGreaterThanOrEqual(2);
    await expect(mixer).resolves.toBe('compositor-died');
    const leaseAfterDeath = leaseOf(await h.deps.store.getRow(SETTINGS.tables.rooms, roomKey(roomId)));
    expect(leaseAfterDeath?.epoch).toBe(first.epoch);
    expect(leaseAfterDeath!.until).toBeGreaterThan(Date.now());
    // The room's watchdog runs every interval; once the lease has lapsed it takes it and starts a mixer.
    const startsBefore = h.mixerStarts.length;
    h.clock.set(leaseAfterDeath!.until - LEASE_MS);
    await h.advance(LEASE_MS + SETTINGS.mixer.watchdogIntervalSeconds * 1000 + 1000);
    const restarted = h.mixerStarts.slice(startsBefore).find((s) => s.roomId === roomId)!;
    expect(restarted.epoch).toBe(first.epoch + 1);
    expect(h.logLines.some((l) => l.msg === 'mixer restarted: its lease had lapsed' && l.roomId === roomId)).toBe(true);
    const second = run(restarted.epoch, h.deps.store);
    await sleep(3000);
    // The same output continues: the same stream, format and tiles.
    const probe = await probeJson(mixUrl);
    const video = (probe.streams as Array<Record<string, any>>).find((s) => s.codec_type === 'video')!;
    expect([video.width, video.height, video.r_frame_rate]).toEqual([320, 180, '15/1']);
    const [left] = await lumaAt(mixUrl, [[80, 90]]);
    expect(Math.abs(left - 81)).toBeLessThan(15);
    await h.call('POST', `/rooms/${roomId}/end`);
    expect(await second).toBe('ended');
    host.kill('SIGKILL');
  });

  it('rides out Table Store failures while its lease surely holds, and stops before the lease could lapse', async () => {
    const created = await h.call('POST', '/rooms', { idempotencyKey: 'cut-off', output: { width: 320, height: 180, fps: 15 } });
    const roomId = created.body.room.roomId as string;
    const lease = (await takeLease(h.deps.store, SETTINGS.tables.rooms, roomId, Date.now(), 30_000))!;
    const link = killableStore(h.deps.store);
    let skew = 0;
    const mine: Array<Record<string, any>> = [];
    const mixer = runRoomMixer(
      mixerOptions(roomId, lease.epoch, logTo(mine, 'cut-off'), {
        store: link.store,
        clock: { now: () => Date.now() + skew },
        slots: 1,
        idleStopSeconds: 600,
        followMs: 100,
      }),
    );
    let exited = false;
    void mixer.then(() => (exited = true));
    await sleep(1000);
    link.kill();
    await sleep(1000);
    link.revive();
    await sleep(1000);
    expect(exited).toBe(false);
    expect(mine.filter((l) => l.msg === 'room read failed: tried again').length).toBeGreaterThan(0);
    // Cut off again, now for longer than 2/3 of the lease since the last renewal (the clock jumps): it stops.
    link.kill();
    skew = (2 * LEASE_MS) / 3;
    await expect(mixer).resolves.toBe('lease-unrenewable');
    expect(mine.find((l) => l.msg === 'mixer stopped')).toMatchObject({ exit: 'lease-unrenewable' });
  });

  it('runs once per start: a second delivery of the same start (FC delivers at least once) stops before it pushes', async () => {
    const created = await h.call('POST', '/rooms', { idempotencyKey: 'twice', output: { width: 320, height: 180, fps: 15 } });
    const roomId = created.body.room.roomId as string;
    const lease = (await takeLease(h.deps.store, SETTINGS.tables.rooms, roomId, Date.now(), 30_000))!;
    const mine: Array<Record<string, any>> = [];
    const start = () => runRoomMixer(mixerOptions(roomId, lease.epoch, logTo(mine, 'twice'), { slots: 1, idleStopSeconds: 600 }));
    const first = start();
    const second = start();
    const exits = await Promise.race([second, first]);
    expect(exits).toBe('duplicate');
    for (let i = 0; i < 100 && !mine.some((l) => l.msg === 'mixer running'); i++) await sleep(50);
    expect(mine.filter((l) => l.msg === 'mixer running')).toHaveLength(1);
    await h.call('POST', `/rooms/${roomId}/end`);
    expect(await first).toBe('ended');
  });

  it('hands over to a fresh invocation before its time limit, on the same output and timeline, its viewer staying on the stream', async () => {
    const fps = 15;
    const created = await h.call('POST', '/rooms', { idempotencyKey: 'handover', output: { width: 320, height: 180, fps } });
    const roomId = created.body.room.roomId as string;
    const joined = await h.call('POST', `/rooms/${roomId}/mics`, { micId: 'host', role: 'host' });
    const host = publisher(joined.body.push.url.replace('rtmp://push.example.com', origin.url), 'red');
    await sleep(1500);
    const first = h.mixerStarts.find((s) => s.roomId === roomId)!;
    const mine: Array<Record<string, any>> = [];
    const runs: Array<Promise<string>> = [];
    const run = (epoch: number): Promise<string> =>
      runRoomMixer(
        mixerOptions(roomId, epoch, logTo(mine, `mixer-${epoch}`), {
          // The first two mixers hand over after 4 s each (the second continuing the first's timeline); the third would only after an hour.
          handoverAfterMs: epoch < first.epoch + 2 ? 4000 : 3_600_000,
          startNext: async (next) => void runs.push(run(next)),
        }),
      );
    runs.push(run(first.epoch));
    const mixUrl = `${origin.url}/live/${mixStreamName(roomId)}`;
    await sleep(2000);
    const before = new Viewer(mixUrl);
    await expect(runs[0]).resolves.toBe('handed-over');
    await expect(runs[1]).resolves.toBe('handed-over');
    const handedOverAt = Date.now();
    await sleep(3000);
    // A player that joins later sees the same timeline going on, not one starting again at 0.
    const after = new Viewer(mixUrl);
    for (let i = 0; i < 100 && after.packets.length === 0; i++) await sleep(50);
    before.stop();
    after.stop();
    expect(mine.find((l) => l.msg === 'mixer took over')).toMatchObject({ epoch: first.epoch + 1, from: first.epoch });
    // The viewer stays on the stream across both handovers: packets come after the last one, its timeline never goes back
    // and skips less than a second (the new output starts where the old one ended). How long it waits is npm run live's.
    const steps = before.packets.slice(1).map((p, i) => p.dts - before.packets[i].dts);
    expect(before.packets.some((p) => p.at > handedOverAt)).toBe(true);
    expect(Math.min(...steps)).toBeGreaterThanOrEqual(0);
    expect(before.largestDtsStep()).toBeLessThan(1000);
    expect(after.packets[0].dts).toBeGreaterThan(7000);
    const probe = await probeJson(mixUrl);
    const video = (probe.streams as Array<Record<string, any>>).find((s) => s.codec_type === 'video')!;
    expect([video.width, video.height, video.r_frame_rate]).toEqual([320, 180, '15/1']);
    const lease = leaseOf(await h.deps.store.getRow(SETTINGS.tables.rooms, roomKey(roomId)));
    expect(lease?.epoch).toBe(first.epoch + 2);
    await h.call('POST', `/rooms/${roomId}/end`);
    expect(await runs[2]).toBe('ended');
    host.kill('SIGKILL');
  });
});
