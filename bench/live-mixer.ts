/**
 * The room mixer's CPU against a plain ffmpeg mix of the same mics (xstack + amix, the same encoder),
 * side by side in one run: 2 and 4 synthetic mics (320x180@25, a moving picture: flat colours would leave the
 * encoder idle and measure only the plumbing) through the local ingest into a 640x360@25
 * mix, 8 s each after warm-up. CPU is read from /proc for every ffmpeg process of the run (compositor and
 * decoders, or the plain mix); this process's own (the feeder's clock, but also the RTMP origin, which runs
 * in it) is reported beside it.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LiveDeps } from '../runtime/live/deps';
import { startLocalIngest } from '../runtime/live/local/local-ingest';
import { LOCAL_LIVE_SETTINGS } from '../runtime/live/local/run-live';
import { syntheticMic } from '../runtime/live/local/synthetic-mic';
import { runRoomMixer } from '../runtime/live/mixer/room-mixer';
import { createRoomApi, ROOM_API } from '../runtime/live/room-api';
import { mixStreamName } from '../runtime/live/room-record';
import { authKey } from '../runtime/live/url-signing';
import { SystemClock } from '../runtime/shared/clock';
import { probeJson } from '../runtime/shared/ffmpeg';
import { toolPath } from '../runtime/shared/ffmpeg/locate';
import { toolEnv } from '../runtime/shared/ffmpeg/run-tool';
import { apiGatewayEvent } from '../runtime/shared/local/api-gateway-event';
import { localContexts } from '../runtime/shared/local/local-context';
import { LocalInvoker } from '../runtime/shared/local/local-invoker';
import { MemoryTableStore } from '../runtime/shared/local/table-store/memory-table-store';
import { createLogger } from '../runtime/shared/log';
import { Figure } from './stats';

const WINDOW_MS = 8000;
const TICKS = 100; // clock ticks per second in /proc/<pid>/stat (USER_HZ)

/** CPU seconds so far of every process whose command line contains `marker`. */
function cpuOf(marker: string): number {
  let total = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker)) continue;
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      total += (Number(fields[11]) + Number(fields[12])) / TICKS;
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

async function measure(mics: number): Promise<{ ours: number; node: number; plain: number; plainRate: string }> {
  const settings = LOCAL_LIVE_SETTINGS;
  const keys = { push: 'bench-push', play: 'bench-play', callback: 'bench-callback' };
  const clock = new SystemClock();
  const store = new MemoryTableStore();
  const invoker = new LocalInvoker({ clock });
  const deps: LiveDeps = { settings, keys, store, invoker, functions: { mixer: 'm', watchdog: 'w' }, clock, log: () => undefined };
  invoker.register('m', { maxRetries: 0, handler: async () => undefined });
  invoker.register('w', { maxRetries: 0, handler: async () => undefined });
  const context = localContexts();
  const origin = await startLocalIngest(deps, { publishDelayMs: 200 });

  const api = createRoomApi(deps);
  const call = async (method: string, url: string, body: unknown) => {
    const event = apiGatewayEvent({ method, url, headers: {}, body: Buffer.from(JSON.stringify(body)) }, ROOM_API);
    return JSON.parse((await api(Buffer.from(JSON.stringify(event)), context('api'))).body) as Record<string, any>;
  };
  const children: ChildProcess[] = [];
  try {
    const roomId = (await call('POST', '/rooms', { idempotencyKey: `bench-${mics}-${Date.now()}` })).room.roomId as string;
    for (let i = 0; i < mics; i++) {
      const joined = await call('POST', `/rooms/${roomId}/mics`, { micId: `m${i}` });
      children.push(
        syntheticMic(String(joined.push.url).replace(`rtmp://${settings.ingest.domain}`, origin.url), {
          color: ['red', 'blue', 'green', 'yellow'][i % 4],
          tone: 440 + 110 * i,
        }),
      );
    }
    await sleep(1500);
    const signed = (stream: string) =>
      `${origin.url}/live/${stream}?auth_key=${authKey(`/live/${stream}`, keys.push, Math.floor(Date.now() / 1000))}`;
    const abort = new AbortController();
    const marker = roomId;
    const mixer = runRoomMixer(
      {
        roomId,
        epoch: Number((await store.getRow(settings.tables.rooms, [['roomId', roomId]]))?.mixerEpoch ?? 1),
        store,
        tables: settings.tables,
        clock,
        log: createLogger({ requestId: 'bench', fn: 'mixer', writer: () => undefined }),
        slots: Math.max(mics, 2),
        slot: { width: 320, height: 180 },
        pushUrl: signed(mixStreamName(roomId)),
        pullUrl: (micId) => `${origin.url}/live/${roomId}-${micId}`,
        idleStopSeconds: 60,
      },
      abort.signal,
    );
    await sleep(3000);
    const own = () => (process.cpuUsage().user + process.cpuUsage().system) / 1e6;
    const cpu0 = cpuOf(marker);
    const node0 = own();
    await sleep(WINDOW_MS);
    const ours = (cpuOf(marker) - cpu0) / (WINDOW_MS / 1000);
    const node = (own() - node0) / (WINDOW_MS / 1000);
    abort.abort();
    await mixer;

    // The floor: one ffmpeg pulling the same mics, xstack + amix, the same encoder settings.
    const cols = mics <= 2 ? mics : 2;
    const layout = Array.from({ length: mics }, (_, i) => `${(i % cols) * 320}_${Math.floor(i / cols) * 180}`).join('|');
    const inputs = Array.from({ length: mics }, (_, i) => ['-fpsprobesize', '0', '-i', `${origin.url}/live/${roomId}-m${i}`]).flat();
    const graph =
      `${Array.from({ length: mics }, (_, i) => `[${i}:v]scale=320:180[v${i}]`).join(';')};` +
      `${Array.from({ length: mics }, (_, i) => `[v${i}]`).join('')}xstack=inputs=${mics}:layout=${layout},scale=640:360,format=yuv420p[v];` +
      `${Array.from({ length: mics }, (_, i) => `[${i}:a]`).join('')}amix=inputs=${mics}[a]`;
    const binary = toolPath('ffmpeg');
    const plainMarker = `plain-${roomId}`;
    const plain = spawn(
      binary,
      [
        '-nostdin',
        '-loglevel',
        'error',
        ...inputs,
        '-filter_complex',
        graph,
        '-map',
        '[v]',
        '-map',
        '[a]',
        '-c:v',
        'libx264',
        '-preset',
        'veryfast',
        '-tune',
        'zerolatency',
        '-g',
        '50',
        '-c:a',
        'aac',
        '-f',
        'flv',
        signed(plainMarker),
      ],
      { stdio: 'ignore', env: toolEnv(binary) },
    );
    children.push(plain);
    await sleep(3000);
    const p0 = cpuOf(plainMarker);
    await sleep(WINDOW_MS);
    const floor = (cpuOf(plainMarker) - p0) / (WINDOW_MS / 1000);
    // Both must really be producing their stream for the comparison to mean anything.
    const rate = async (stream: string) => {
      const probed = await probeJson(`${origin.url}/live/${stream}`).catch(() => undefined);
      return String((probed?.streams as Array<Record<string, unknown>> | undefined)?.find((x) => x.codec_type === 'video')?.r_frame_rate ?? 'none');
    };
    return { ours, node, plain: floor, plainRate: await rate(plainMarker) };
  } finally {
    for (const child of children) child.kill('SIGKILL');
    await origin.close();
  }
}

export async function benchLiveMixer(): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const mics of [2, 4]) {
    const { ours, node, plain, plainRate } = await measure(mics);
    figures.push({
      measure: `live mixer CPU, ${mics} mics into 640x360@25 (vCPU)`,
      value: `${ours.toFixed(2)} / ${plain.toFixed(2)}`,
      target: '≤ 1.10x',
      met: ours <= plain * 1.1,
      note:
        `fixed-slot mixer's ffmpeg processes (compositor, decoders) / one plain ffmpeg xstack+amix of the mics: ${(ours / plain).toFixed(2)}x; ` +
        `this Node process (the feeder, and here the RTMP origin too) ${node.toFixed(2)}; the plain mix's output ${plainRate} fps`,
    });
  }
  return figures;
}
