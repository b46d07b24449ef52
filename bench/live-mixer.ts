/**
 * The room mixer against a plain ffmpeg mix of the same mics (scale each to its tile, xstack + amix, the same
 * encoder), and rooms mixed at once on this machine.
 * - CPU: 2, 4 and 9 stamped mics (320x180@30, Node-drawn moving pictures: flat colours would leave the encoders
 *   idle and show only the plumbing) through the local ingest into a 1280x720@30 grid, in three rounds that
 *   interleave ours and the plain mix (6 s windows after 3 s of warm-up); the median of each. CPU is read from
 *   /proc for the mixer's own ffmpeg processes (compositor and decoders) or the plain mix; this Node process (the
 *   feeder's clock, and here the RTMP origin and the publishers' pictures too) is reported beside it.
 * - Rooms at once: 1, 2, 3, … rooms of 2 mics each mixed together into 1280x720@30, until a room's output falls
 *   below 95 % of its frame rate (a viewer counts its packets) or 6 rooms.
 * - One vCPU: a room of 4 mics into 1280x720@30 with the mixer's processes pinned to core 0 and everything else
 *   (this process, the publishers, the viewer) to core 1: the output's frame rate says whether it holds real time.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { execFileSync, spawn } from 'node:child_process';
import type { LiveDeps } from '../runtime/live/deps';
import { MAX_MICS, presetBoxes, tilesFor } from '../runtime/live/layouts';
import { startLocalIngest } from '../runtime/live/local/local-ingest';
import { isMixerProcess } from '../runtime/live/local/mixer-processes';
import { LOCAL_LIVE_SETTINGS } from '../runtime/live/local/run-live';
import { stampedMic, type StampedMic } from '../runtime/live/local/stamped-mic';
import { Viewer } from '../runtime/live/local/viewer';
import type { RtmpOrigin } from '../runtime/live/local/rtmp-origin';
import { takeLease } from '../runtime/live/mixer-lease';
import { runRoomMixer } from '../runtime/live/mixer/room-mixer';
import { createRoomApi, ROOM_API } from '../runtime/live/room-api';
import { mixStreamName } from '../runtime/live/room-record';
import { authKey } from '../runtime/live/url-signing';
import { SystemClock } from '../runtime/shared/clock';
import { toolPath } from '../runtime/shared/ffmpeg/locate';
import { toolEnv } from '../runtime/shared/ffmpeg/run-tool';
import { apiGatewayEvent } from '../runtime/shared/local/api-gateway-event';
import { localContexts } from '../runtime/shared/local/local-context';
import { LocalInvoker } from '../runtime/shared/local/local-invoker';
import { processCpuSeconds, processIds } from '../runtime/shared/local/process-cpu';
import { MemoryTableStore } from '../runtime/shared/local/table-store/memory-table-store';
import { createLogger } from '../runtime/shared/log';
import { median, type Figure } from './stats';

const OUTPUT = { width: 1280, height: 720, fps: 30 };
const MIC = { width: 320, height: 180, fps: OUTPUT.fps };
const WARM_MS = 3000;
const WINDOW_MS = 6000;
const ROUNDS = 3;
const MAX_ROOMS = 6;

/** A local ingest with the room API and callbacks on local adapters; mixers are started by the bench, not the callbacks. */
async function liveBed() {
  // Rooms of up to 9 mics (the local run's settings take 4).
  const settings = { ...LOCAL_LIVE_SETTINGS, mixer: { ...LOCAL_LIVE_SETTINGS.mixer, slots: MAX_MICS } };
  const keys = { push: 'bench-push', play: 'bench-play', callback: 'bench-callback' };
  const clock = new SystemClock();
  const store = new MemoryTableStore();
  const invoker = new LocalInvoker({ clock });
  const deps: LiveDeps = { settings, keys, store, invoker, functions: { mixer: 'm', watchdog: 'w' }, clock, log: () => undefined };
  invoker.register('m', { maxRetries: 0, handler: async () => undefined });
  invoker.register('w', { maxRetries: 0, handler: async () => undefined });
  const origin: RtmpOrigin = await startLocalIngest(deps, { publishDelayMs: 200 });
  const api = createRoomApi(deps);
  const context = localContexts();
  const call = async (method: string, url: string, body: unknown) => {
    const event = apiGatewayEvent({ method, url, headers: {}, body: Buffer.from(JSON.stringify(body)) }, ROOM_API);
    return JSON.parse((await api(Buffer.from(JSON.stringify(event)), context('api'))).body) as Record<string, any>;
  };
  const signed = (stream: string) => `${origin.url}/live/${stream}?auth_key=${authKey(`/live/${stream}`, keys.push, Math.floor(Date.now() / 1000))}`;
  const publishers: StampedMic[] = [];

  /** A room with `mics` publishing mics; its mixer is run by `mix`. */
  const room = async (mics: number) => {
    const roomId = (await call('POST', '/rooms', { idempotencyKey: `bench-${mics}-${Math.random()}`, output: OUTPUT })).room.roomId as string;
    for (let i = 0; i < mics; i++) {
      const joined = await call('POST', `/rooms/${roomId}/mics`, { micId: `m${i}` });
      const url = String(joined.push.url).replace(`rtmp://${settings.ingest.domain}`, origin.url);
      publishers.push(stampedMic(url, { index: i, tone: 300 + 90 * i, ...MIC }));
    }
    // Every mic live (its publish callback came: the callback took the lease for the first run).
    for (let i = 0; i < 100; i++) {
      const mics = (await call('GET', `/rooms/${roomId}`, {})).room.mics as Array<{ state: string }>;
      if (mics.every((m) => m.state === 'LIVE')) break;
      await sleep(100);
    }
    // Each run is a start of its own: the lease taken at the next epoch (the last run gave it back), as the watchdog does.
    let epoch = Number((await store.getRow(settings.tables.rooms, [['roomId', roomId]]))?.mixerEpoch ?? 1);
    let runs = 0;
    const mix = async (abort: AbortSignal) =>
      runRoomMixer(
        {
          roomId,
          epoch: runs++ === 0 ? epoch : (epoch = (await takeLease(store, settings.tables.rooms, roomId, Date.now(), 30_000))!.epoch),
          store,
          tables: settings.tables,
          clock,
          log: createLogger({ requestId: 'bench', fn: 'mixer', writer: () => undefined }),
          slots: mics,
          // The mics' own size: each is scaled once, to its tile, as the plain mix does.
          slot: { width: MIC.width, height: MIC.height },
          pushUrl: signed(mixStreamName(roomId)),
          pullUrl: (micId) => `${origin.url}/live/${roomId}-${micId}`,
          idleStopSeconds: 600,
        },
        abort,
      );
    return { roomId, mix };
  };
  return { origin, signed, room, publishers, store, settings };
}

/** vCPU of the processes `matches` picks over a window after warm-up. */
async function cpuOver(matches: (cmdline: string) => boolean): Promise<{ vcpu: number; node: number }> {
  await sleep(WARM_MS);
  const own = () => (process.cpuUsage().user + process.cpuUsage().system) / 1e6;
  const [cpu0, node0] = [processCpuSeconds(matches), own()];
  await sleep(WINDOW_MS);
  return { vcpu: (processCpuSeconds(matches) - cpu0) / (WINDOW_MS / 1000), node: (own() - node0) / (WINDOW_MS / 1000) };
}

/** The floor: one ffmpeg pulling the same mics, each scaled to its grid tile, xstack + amix, the same encoder settings. */
function plainMix(origin: RtmpOrigin, roomId: string, mics: number, pushUrl: string) {
  const tiles = tilesFor(presetBoxes('grid', mics), OUTPUT.width, OUTPUT.height);
  const inputs = Array.from({ length: mics }, (_, i) => ['-fpsprobesize', '0', '-i', `${origin.url}/live/${roomId}-m${i}`]).flat();
  const graph =
    `${tiles.map((t, i) => `[${i}:v]scale=${t.width}:${t.height},setsar=1[v${i}]`).join(';')};` +
    `${tiles.map((_, i) => `[v${i}]`).join('')}xstack=inputs=${mics}:layout=${tiles.map((t) => `${t.x}_${t.y}`).join('|')},` +
    `pad=${OUTPUT.width}:${OUTPUT.height}:0:0:black,format=yuv420p[v];` +
    `${Array.from({ length: mics }, (_, i) => `[${i}:a]`).join('')}amix=inputs=${mics}[a]`;
  const binary = toolPath('ffmpeg');
  return spawn(
    binary,
    [
      ...['-nostdin', '-loglevel', 'error', ...inputs, '-filter_complex', graph, '-map', '[v]', '-map', '[a]', '-r', String(OUTPUT.fps)],
      ...['-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'zerolatency', '-g', String(2 * OUTPUT.fps), '-c:a', 'aac', '-f', 'flv', pushUrl],
    ],
    { stdio: 'ignore', env: toolEnv(binary) },
  );
}

async function cpuAgainstPlain(mics: number): Promise<Figure> {
  const bed = await liveBed();
  try {
    const { roomId, mix } = await bed.room(mics);
    const ours: number[] = [];
    const plain: number[] = [];
    const node: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const abort = new AbortController();
      const mixer = mix(abort.signal);
      const measured = await cpuOver(isMixerProcess(roomId));
      ours.push(measured.vcpu);
      node.push(measured.node);
      abort.abort();
      await mixer;
      const marker = `plain-${roomId}`;
      const floor = plainMix(bed.origin, roomId, mics, bed.signed(marker));
      plain.push((await cpuOver((cmdline) => cmdline.includes(marker))).vcpu);
      floor.kill('SIGKILL');
    }
    const [o, p] = [median(ours), median(plain)];
    return {
      measure: `live mixer CPU, ${mics} mics into ${OUTPUT.width}x${OUTPUT.height}@${OUTPUT.fps} (vCPU)`,
      value: `${o.toFixed(2)} / ${p.toFixed(2)}`,
      target: '≤ 1.10x',
      met: o <= p * 1.1,
      note:
        `the mixer's ffmpeg processes (compositor, decoders) / one plain ffmpeg scaling to tiles + xstack + amix: ${(o / p).toFixed(2)}x ` +
        `(medians of ${ROUNDS} interleaved rounds; ours ${ours.map((v) => v.toFixed(2)).join(', ')}, ` +
        `plain ${plain.map((v) => v.toFixed(2)).join(', ')}); ` +
        `this Node process (feeder, origin, publishers' pictures) ${median(node).toFixed(2)}`,
    };
  } finally {
    for (const p of bed.publishers) p.stop();
    await bed.origin.close();
  }
}

/** Rooms of 2 mics mixed at once: the most whose outputs all keep ≥ 95 % of their frame rate. */
async function concurrentRooms(): Promise<Figure> {
  const bed = await liveBed();
  const aborts: AbortController[] = [];
  const mixers: Array<Promise<unknown>> = [];
  const viewers: Viewer[] = [];
  const rates: string[] = [];
  let sustained = 0;
  try {
    for (let n = 1; n <= MAX_ROOMS; n++) {
      const { roomId, mix } = await bed.room(2);
      const abort = new AbortController();
      aborts.push(abort);
      mixers.push(mix(abort.signal));
      await sleep(WARM_MS);
      viewers.push(new Viewer(`${bed.origin.url}/live/${mixStreamName(roomId)}`));
      await sleep(1500);
      const counts = viewers.map((v) => v.packets.length);
      await sleep(WINDOW_MS);
      const fps = viewers.map((v, k) => (v.packets.length - counts[k]) / (WINDOW_MS / 1000));
      rates.push(`${n}: ${fps.map((f) => f.toFixed(0)).join('/')}`);
      if (fps.some((f) => f < 0.95 * OUTPUT.fps)) break;
      sustained = n;
    }
    return {
      measure: `rooms mixed at once on this machine (2 mics each, ${OUTPUT.width}x${OUTPUT.height}@${OUTPUT.fps})`,
      value: String(sustained),
      target: 'reported',
      note: `output fps per room as rooms were added (${rates.join('; ')}); the publishers and viewers run on the same 2 cores`,
    };
  } finally {
    for (const v of viewers) v.stop();
    for (const a of aborts) a.abort();
    await Promise.allSettled(mixers);
    for (const p of bed.publishers) p.stop();
    await bed.origin.close();
  }
}

/** Pins the processes `matches` picks (all their threads) to `core`. */
function pin(core: number, matches: (cmdline: string) => boolean): number {
  let pinned = 0;
  for (const pid of processIds(matches)) {
    try {
      execFileSync('taskset', ['-a', '-p', '-c', String(core), String(pid)], { stdio: 'ignore' });
      pinned++;
    } catch {
      // gone meanwhile
    }
  }
  return pinned;
}

async function oneVcpu(mics: number): Promise<Figure> {
  const bed = await liveBed();
  const abort = new AbortController();
  let viewer: Viewer | undefined;
  try {
    const { roomId, mix } = await bed.room(mics);
    const mixer = mix(abort.signal);
    await sleep(WARM_MS);
    const ours = isMixerProcess(roomId);
    pin(1, (cmdline) => !ours(cmdline) && (cmdline.includes(roomId) || cmdline.startsWith(process.argv[0])));
    const pinned = pin(0, ours);
    viewer = new Viewer(`${bed.origin.url}/live/${mixStreamName(roomId)}`);
    await sleep(2000);
    const from = viewer.packets.length;
    const cpu0 = processCpuSeconds(ours);
    await sleep(WINDOW_MS);
    const fps = (viewer.packets.length - from) / (WINDOW_MS / 1000);
    const vcpu = (processCpuSeconds(ours) - cpu0) / (WINDOW_MS / 1000);
    abort.abort();
    await mixer;
    return {
      measure: `${mics} mics into ${OUTPUT.width}x${OUTPUT.height}@${OUTPUT.fps} on one vCPU (output fps)`,
      value: fps.toFixed(1),
      target: `≥ ${(0.98 * OUTPUT.fps).toFixed(1)}`,
      met: fps >= 0.98 * OUTPUT.fps,
      note: `the mixer's ${pinned} ffmpeg processes pinned to core 0 (${vcpu.toFixed(2)} vCPU), the publishers, viewer and this process to core 1`,
    };
  } finally {
    viewer?.stop();
    abort.abort();
    for (const p of bed.publishers) p.stop();
    await bed.origin.close();
  }
}

export async function benchLiveMixer(): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const mics of [2, 4, 9]) figures.push(await cpuAgainstPlain(mics));
  figures.push(await oneVcpu(4));
  figures.push(await concurrentRooms());
  return figures;
}
