/**
 * LiveMuxCluster on a laptop, over real protocols: the local ingest (RTMP, Live's push authentication and
 * callbacks), the room API behind the loopback API Gateway, the callback function, the watchdog and the
 * mixer on the LocalInvoker, ffmpeg mics with distinct pictures and tones, and a viewer of the mix. A
 * script creates a room, brings in a host, adds two mics one after another, changes the layout, drops a
 * mic abruptly and ends the room; the report says what the viewer got and how long the output ever
 * stopped around each of those moments.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { SystemClock } from '../../shared/clock';
import { probeJson } from '../../shared/ffmpeg';
import type { ApiGatewayResponse, Router } from '../../shared/http';
import { localContexts } from '../../shared/local/local-context';
import { LocalInvoker } from '../../shared/local/local-invoker';
import { MemoryTableStore } from '../../shared/local/table-store/memory-table-store';
import { createLogger, type LogWriter } from '../../shared/log';
import type { LiveDeps } from '../deps';
import { runRoomMixer, type MixerExit } from '../mixer/room-mixer';
import { createRoomApi, ROOM_API } from '../room-api';
import { mixStreamName } from '../room-record';
import { LIVE_BASE_TABLE_NAMES, type LiveSettings } from '../settings';
import { authKey } from '../url-signing';
import { createWatchdog } from '../watchdog';
import { startLocalIngest } from './local-ingest';
import { layoutBoxes, type Layout } from '../layouts';
import { processCpuSeconds } from '../../shared/local/process-cpu';
import { percentile } from '../../shared/percentiles';
import { isMixerProcess } from './mixer-processes';
import { StampReader } from './stamp-reader';
import { stampedMic, type StampedMic } from './stamped-mic';
import { Viewer } from './viewer';

export type StartApiServer = (backends: Array<{ routes: Router<unknown>; invoke(event: Buffer): Promise<ApiGatewayResponse> }>) => Promise<{
  url: string;
  close(): Promise<void>;
}>;

export const LOCAL_LIVE_SETTINGS: LiveSettings = {
  tables: LIVE_BASE_TABLE_NAMES,
  ingest: { domain: 'push.local', app: 'live' },
  play: { domain: 'play.local', app: 'live' },
  signing: { convention: 'signing-time', pushLifetimeSeconds: 3600, playLifetimeSeconds: 3600 },
  defaultOutput: { width: 640, height: 360, fps: 25 },
  maxBodyBytes: 16384,
  mixer: {
    idleStopSeconds: 30,
    watchdogIntervalSeconds: 5,
    startGraceSeconds: 10,
    handoverAfterSeconds: 86_100,
    slots: 4,
    slotSize: { width: 320, height: 180 },
  },
};

export interface LiveRunReport {
  viewer: { width: number; height: number; fps: string; packets: number; dtsSpanMs: number; watchedMs: number };
  /** The longest wait between two output packets in the 4 s around each moment, ms. */
  stalls: Array<{ moment: string; longestMs: number }>;
  largestDtsStepMs: number;
  /**
   * Per join the viewer saw: the ingest accepting the mic's stream (publish) to its stamp read in its tile of the mix,
   * and the same from the publisher's first frame (which adds its encoder's start and the RTMP handshake), ms.
   */
  publishToTileMs: Array<{ micId: string; fromPublish?: number; fromFirstFrame?: number }>;
  /** The layout call to every mic's stamp read in its new tile, ms. */
  layoutToScreenMs?: number;
  /** A frame's stamp (its publisher's clock) to the viewer decoding it from the mix, ms, over the steady part of the run. */
  glassToGlassMs: { samples: number; p50?: number; p95?: number };
  /** The host's sound against its picture in the mix (burst vs flagged frame), ms; drift is its change over the run. */
  avOffsetMs: { samples: number; median?: number; drift?: number };
  /** vCPU the mixer's ffmpeg processes (compositor and decoders) used while the viewer watched, up to the handover. */
  mixerCpu: number;
  mixerStarts: number;
  mixerExit?: MixerExit;
  refusedPushes: number;
  wallMs: number;
}

const FUNCTIONS = { mixer: 'live-mixer', watchdog: 'live-watchdog' };

export async function runLiveLocally(startApiServer: StartApiServer, log?: LogWriter): Promise<LiveRunReport> {
  const started = Date.now();
  const settings = LOCAL_LIVE_SETTINGS;
  const keys = { push: 'local-push-key', play: 'local-play-key', callback: 'local-callback-key' };
  const clock = new SystemClock();
  const invoker = new LocalInvoker({ clock, concurrency: 8 });
  const store = new MemoryTableStore();
  const deps: LiveDeps = { settings, keys, store, invoker, functions: FUNCTIONS, clock, log: log ?? (() => undefined) };
  const context = localContexts();
  const origin = await startLocalIngest(deps);

  const signedPush = (stream: string) =>
    `${origin.url}/${settings.ingest.app}/${stream}?auth_key=` +
    authKey(`/${settings.ingest.app}/${stream}`, keys.push, Math.floor(Date.now() / 1000));
  let mixerStarts = 0;
  let mixerExit: MixerExit | undefined;
  /** Set by the script to make the running mixer hand over, as it would before FC's time limit. */
  let handoverAfterMs: number | undefined;
  let handedOverAt: number | undefined;
  invoker.register(FUNCTIONS.mixer, {
    maxRetries: 0,
    handler: async (event) => {
      mixerStarts++;
      const { roomId, epoch } = JSON.parse(event.toString()) as { roomId: string; epoch: number };
      const exit = await runRoomMixer({
        roomId,
        epoch,
        store,
        tables: settings.tables,
        clock,
        log: createLogger({ requestId: `mixer-${epoch}`, fn: FUNCTIONS.mixer, writer: deps.log }),
        slots: settings.mixer.slots,
        slot: settings.mixer.slotSize,
        pushUrl: signedPush(mixStreamName(roomId)),
        pullUrl: (micId) => `${origin.url}/${settings.ingest.app}/${roomId}-${micId}`,
        idleStopSeconds: settings.mixer.idleStopSeconds,
        // Read on every round: the script decides when this run hands over (the cloud's is the timeout less a margin).
        get handoverAfterMs() {
          return epoch === 1 ? handoverAfterMs : undefined;
        },
        startNext: (next) => invoker.invokeAsync(FUNCTIONS.mixer, { roomId, epoch: next }),
        startGraceMs: settings.mixer.startGraceSeconds * 1000,
      });
      if (exit === 'handed-over') handedOverAt = Date.now();
      else mixerExit = exit;
    },
  });
  invoker.register(FUNCTIONS.watchdog, { maxRetries: 2, handler: createWatchdog(deps) });
  const api = createRoomApi(deps);
  const server = await startApiServer([{ routes: ROOM_API, invoke: (event) => api(event, context('live-room-api')) }]);
  const http = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return (await res.json()) as Record<string, any>;
  };
  const mics: StampedMic[] = [];
  const order: string[] = [];
  const moments: Array<[string, number]> = [];
  const joins: Array<{ micId: string; index: number; at: number }> = [];
  let viewer: Viewer | undefined;
  let reader: StampReader | undefined;
  /** Tells the reader where each mic's tile is under `layout` (the mixer's order: host, then co-hosts by slot). */
  const watchAll = (layout: Layout) => layoutBoxes(layout, order.length).forEach((box, k) => reader?.watch(k, box));
  try {
    const room = (await http('POST', '/rooms', { idempotencyKey: `local-${started}` })).room;
    const join = async (micId: string, tone: number, role = 'cohost') => {
      const joined = await http('POST', `/rooms/${room.roomId}/mics`, { micId, role });
      const url = String(joined.push.url).replace(`rtmp://${settings.ingest.domain}`, origin.url);
      const index = order.length;
      order.push(micId);
      mics.push(stampedMic(url, { index, tone, ...settings.mixer.slotSize, fps: settings.defaultOutput.fps }));
      watchAll({ preset: 'grid' });
      moments.push([`${micId} joins`, Date.now()]);
      joins.push({ micId, index, at: Date.now() });
    };
    await join('host', 440, 'host');
    await sleep(3000);
    const mixUrl = `${origin.url}/${settings.ingest.app}/${mixStreamName(room.roomId)}`;
    viewer = new Viewer(mixUrl);
    reader = new StampReader(mixUrl, settings.defaultOutput);
    watchAll({ preset: 'grid' });
    const cpuFrom = processCpuSeconds(isMixerProcess(room.roomId));
    const watchedFrom = Date.now();
    await sleep(2000);
    await join('guest1', 660);
    await sleep(3000);
    await join('guest2', 880);
    await sleep(3000);
    const current = (await http('GET', `/rooms/${room.roomId}`)).room;
    // The reader looks for the new tiles from the call on: a frame read against the old ones must not count.
    watchAll({ preset: 'speaker' });
    const layoutAt = Date.now();
    await http('PUT', `/rooms/${room.roomId}/layout`, { layout: { preset: 'speaker' }, expectedVersion: current.layoutVersion });
    moments.push(['layout change', layoutAt]);
    await sleep(3000);
    mics[1].stop();
    moments.push(['guest1 drops', Date.now()]);
    await sleep(3000);
    // (Counted before the handover: the first mixer's processes take their CPU figures with them.)
    const mixerCpu = (processCpuSeconds(isMixerProcess(room.roomId)) - cpuFrom) / ((Date.now() - watchedFrom) / 1000);
    // The mixer hands over to a fresh invocation (in the cloud: 300 s before FC's 24 h limit).
    handoverAfterMs = 0;
    for (let i = 0; i < 200 && handedOverAt === undefined; i++) await sleep(50);
    moments.push(['handover', handedOverAt ?? Date.now()]);
    await sleep(3000);
    const probed = await probeJson(mixUrl);
    const video = (probed.streams as Array<Record<string, unknown>>).find((s) => s.codec_type === 'video') ?? {};
    await http('POST', `/rooms/${room.roomId}/end`);
    // The mixer sees the end on its next read of the room (every 500 ms; later on a busy machine).
    for (let i = 0; i < 200 && mixerExit === undefined; i++) await sleep(50);
    // The reader's first second is the origin's cache of older frames: glass-to-glass counts from the first join on.
    const steadyFrom = joins[1]?.at ?? watchedFrom;
    const glass = order.flatMap((_, k) => reader!.glassToGlass(k, steadyFrom));
    const offsets = reader.avOffsets(0).map((o) => o.offsetMs);
    const newTiles = order.map((_, k) => reader!.firstReadable(k, layoutAt));
    return {
      viewer: {
        width: Number(video.width),
        height: Number(video.height),
        fps: String(video.r_frame_rate),
        packets: viewer.packets.length,
        dtsSpanMs: (viewer.packets.at(-1)?.dts ?? 0) - (viewer.packets[0]?.dts ?? 0),
        watchedMs: (viewer.packets.at(-1)?.at ?? 0) - (viewer.packets[0]?.at ?? 0),
      },
      stalls: moments
        .filter(([, at]) => at > (viewer?.packets[0]?.at ?? 0))
        .map(([moment, at]) => ({ moment, longestMs: viewer!.longestStall(at - 1000, at + 3000) })),
      largestDtsStepMs: viewer.largestDtsStep(),
      publishToTileMs: joins
        .filter((j) => j.at > watchedFrom)
        .map((j) => {
          const shown = reader!.firstReadable(j.index, j.at);
          const accepted = origin.publishedAt.get(`${settings.ingest.app}/${room.roomId}-${j.micId}`);
          const firstFrame = mics[j.index].firstFrameAt;
          if (shown === undefined) return { micId: j.micId };
          return {
            micId: j.micId,
            ...(accepted !== undefined ? { fromPublish: shown - accepted } : {}),
            ...(firstFrame !== undefined ? { fromFirstFrame: shown - firstFrame } : {}),
          };
        }),
      ...(newTiles.every((t) => t !== undefined) ? { layoutToScreenMs: Math.max(...newTiles.map((t) => t! - layoutAt)) } : {}),
      glassToGlassMs: { samples: glass.length, ...(glass.length > 0 ? { p50: percentile(glass, 50), p95: percentile(glass, 95) } : {}) },
      avOffsetMs: {
        samples: offsets.length,
        ...(offsets.length > 0 ? { median: percentile(offsets, 50), drift: reader.avDrift(0) } : {}),
      },
      mixerCpu,
      mixerStarts,
      ...(mixerExit ? { mixerExit } : {}),
      refusedPushes: origin.refused,
      wallMs: Date.now() - started,
    };
  } finally {
    viewer?.stop();
    reader?.stop();
    for (const mic of mics) mic.stop();
    await server.close();
    await origin.close();
  }
}
