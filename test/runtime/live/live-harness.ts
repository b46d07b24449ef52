/** The room API and the publish callbacks on local adapters, for tests: API Gateway and HTTP trigger events, a fixed clock. */
import { createCallbackHandler } from '../../../runtime/live/callbacks';
import type { LiveDeps } from '../../../runtime/live/deps';
import { createRoomApi, ROOM_API } from '../../../runtime/live/room-api';
import { LIVE_BASE_TABLE_NAMES, type LiveSettings } from '../../../runtime/live/settings';
import { startRtmpOrigin, type RtmpOrigin } from '../../../runtime/live/local/rtmp-origin';
import { FixedClock, SystemClock } from '../../../runtime/shared/clock';
import { apiGatewayEvent } from '../../../runtime/shared/local/api-gateway-event';
import { httpTriggerEvent } from '../../../runtime/shared/local/http-trigger-event';
import { localContexts } from '../../../runtime/shared/local/local-context';
import { MemoryTableStore } from '../../../runtime/shared/local/table-store/memory-table-store';
import { callbackSignature } from '../../../runtime/live/callback-auth';
import { createWatchdog } from '../../../runtime/live/watchdog';
import { advanceClock } from '../../../runtime/shared/local/advance-clock';
import { LocalInvoker } from '../../../runtime/shared/local/local-invoker';

export const T0 = Date.UTC(2024, 5, 1, 12);

export const SETTINGS: LiveSettings = {
  tables: LIVE_BASE_TABLE_NAMES,
  ingest: { domain: 'push.example.com', app: 'live' },
  play: { domain: 'live.example.com', app: 'live' },
  signing: { convention: 'signing-time', pushLifetimeSeconds: 3600, playLifetimeSeconds: 3600 },
  defaultOutput: { width: 1280, height: 720, fps: 30 },
  maxBodyBytes: 16384,
  mixer: {
    idleStopSeconds: 120,
    watchdogIntervalSeconds: 20,
    startGraceSeconds: 30,
    handoverAfterSeconds: 86_100,
    slots: 4,
    slotSize: { width: 320, height: 180 },
  },
};
export const KEYS = { push: 'push-key', play: 'play-key', callback: 'notify-key' };

export const FUNCTIONS = { mixer: 'live-mixer', watchdog: 'live-watchdog' };

export function liveHarness() {
  const clock = new FixedClock(T0);
  const logLines: Array<Record<string, any>> = [];
  const invoker = new LocalInvoker({ clock, timers: false });
  const store = new MemoryTableStore();
  const deps: LiveDeps = { settings: SETTINGS, keys: KEYS, store, invoker, functions: FUNCTIONS, clock, log: (l) => logLines.push(JSON.parse(l)) };
  /** Mixer starts as the invoker received them; the test decides whether each one heartbeats. */
  const mixerStarts: Array<{ roomId: string; epoch: number }> = [];
  const callbackStatuses: number[] = [];
  invoker.register(FUNCTIONS.mixer, { handler: async (event) => void mixerStarts.push(JSON.parse(event.toString())), maxRetries: 0 });
  invoker.register(FUNCTIONS.watchdog, { handler: createWatchdog(deps), maxRetries: 2 });
  const api = createRoomApi(deps);
  const callback = createCallbackHandler(deps);
  const context = localContexts();
  return {
    deps,
    clock,
    invoker,
    mixerStarts,
    logLines,
    advance: (ms: number) => advanceClock(invoker, clock, clock.now() + ms),
    async call(method: string, url: string, body?: unknown) {
      const headers = { 'Content-Type': 'application/json' };
      const event = apiGatewayEvent({ method, url, headers, body: Buffer.from(body === undefined ? '' : JSON.stringify(body)) }, ROOM_API);
      const res = await api(Buffer.from(JSON.stringify(event)), context('live-room-api'));
      return { status: res.statusCode, body: JSON.parse(res.body) as Record<string, any> };
    },
    /** A publish callback as Live sends it, signed (or with `headers` instead). */
    async notify(query: Record<string, string>, headers?: Record<string, string>) {
      const ts = String(Math.floor(clock.now() / 1000));
      const signed = headers ?? { 'ALI-LIVE-TIMESTAMP': ts, 'ALI-LIVE-SIGNATURE': callbackSignature(SETTINGS.ingest.domain, ts, KEYS.callback) };
      const event = httpTriggerEvent({ method: 'GET', url: `/?${new URLSearchParams(query)}`, headers: signed, time: clock.now() });
      const reply = await callback(event, context('live-callback'));
      callbackStatuses.push(reply.statusCode);
      return reply;
    },
    /** The status code of every callback answered, in order. */
    callbackStatuses,
  };
}

/** The local ingest in front of a harness: its callbacks go to the harness's callback function, on real time. */
export async function originFor(h: ReturnType<typeof liveHarness>): Promise<RtmpOrigin> {
  h.clock.set(Date.now());
  return startRtmpOrigin({
    domain: SETTINGS.ingest.domain,
    pushKey: KEYS.push,
    callbackKey: KEYS.callback,
    validitySeconds: 1800,
    clock: new SystemClock(),
    publishDelayMs: 200,
    notify: async (headers, query) => {
      h.clock.set(Date.now());
      return h.notify(query, headers);
    },
  });
}
