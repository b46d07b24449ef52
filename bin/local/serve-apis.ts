/**
 * A pattern's HTTP APIs on a loopback port, on the local adapters, with the settings the user's template
 * deploys: they stay up for curl until the caller closes them, and count what they answered and decided.
 * Dispatch also sweeps offers on a timer, IotIngest indexes every write into the local search engine, and
 * the live room API runs its watchdog; the mixer needs Live's ingest and is not served (see LiveServe).
 */
import { randomBytes } from 'node:crypto';
import { SystemClock } from '../../runtime/shared/clock';
import { localContexts } from '../../runtime/shared/local/local-context';
import { LocalInvoker } from '../../runtime/shared/local/local-invoker';
import { MemoryTableStore } from '../../runtime/shared/local/table-store/memory-table-store';
import type { LogWriter } from '../../runtime/shared/log';
import { createLocalDispatch } from '../../runtime/dispatch/local-dispatch';
import type { DispatchSettings } from '../../runtime/dispatch/settings';
import { DISPATCH_ROUTES } from '../../runtime/dispatch/settings';
import { CONTENT_API } from '../../runtime/iot/content-api';
import { DEVICE_API } from '../../runtime/iot/devices/device-api';
import { createLocalContent } from '../../runtime/iot/local-content';
import { createLocalDevices } from '../../runtime/iot/local-devices';
import { CONTENT_ROUTES, DEVICE_ROUTES, type IotSettings } from '../../runtime/iot/settings';
import type { LiveDeps } from '../../runtime/live/deps';
import { createRoomApi, ROOM_API } from '../../runtime/live/room-api';
import { ROOM_ROUTES, type LiveSettings } from '../../runtime/live/settings';
import { createWatchdog } from '../../runtime/live/watchdog';
import { startApiGatewayServer, type ApiGatewayServerOptions } from '../api-gateway-server';
import { startDispatchServer } from '../dispatch-server';

export interface ServeOptions {
  /** 0 picks a free port. */
  port: number;
  /** Each answer, as it is written. */
  onAnswer?: (line: string) => void;
  /** The functions' own log lines (the CLI's --verbose). */
  log?: LogWriter;
}

export interface ServedApi {
  url: string;
  routes: ReadonlyArray<{ method: string; path: string; description: string }>;
  /** What else the user should know about this local run. */
  notes: string[];
  /** Answers by status and decisions logged by kind, so far. */
  summary(): string[];
  close(): Promise<void>;
}

/** Counts answers and decisions; the pieces every served pattern shares. */
function tally(options: ServeOptions) {
  const answers = new Map<number, number>();
  const decisions = new Map<string, number>();
  const bump = <K>(map: Map<K, number>, key: K) => map.set(key, (map.get(key) ?? 0) + 1);
  const onAnswer: NonNullable<ApiGatewayServerOptions['onAnswer']> = (a) => {
    bump(answers, a.statusCode);
    options.onAnswer?.(`${a.method} ${a.path} → ${a.statusCode}`);
  };
  const log: LogWriter = (line) => {
    options.log?.(line);
    const decision = (JSON.parse(line) as { decision?: unknown }).decision;
    if (typeof decision === 'string') bump(decisions, decision);
  };
  const list = <K>(map: Map<K, number>) =>
    [...map.entries()]
      .sort(([a], [b]) => String(a).localeCompare(String(b)))
      .map(([k, n]) => `${k} ×${n}`)
      .join(', ') || 'none';
  const summary = () => [`answers: ${list(answers)}`, `decisions logged: ${list(decisions)}`];
  return { onAnswer, log, summary };
}

export async function serveDispatch(settings: DispatchSettings, options: ServeOptions): Promise<ServedApi> {
  const t = tally(options);
  const dispatch = createLocalDispatch({ settings, log: t.log });
  // The deployed timer sweeps every minute; every 5 s here, so an ignored offer moves on while you watch.
  const server = await startDispatchServer({ dispatch, port: options.port, sweepIntervalMs: 5000, onAnswer: t.onAnswer });
  return {
    url: server.url,
    routes: DISPATCH_ROUTES,
    notes: [
      "no request signing locally: the deployed API Gateway checks the app's signature (README, DispatchSystem: 'Callers sign each request')",
      `pushes to couriers and sellers are kept in memory and counted (Mobile Push app ${settings.push.appKey})`,
    ],
    summary: () => [...t.summary(), `pushes sent: ${dispatch.push.sent.length}`],
    close: () => server.close(),
  };
}

export async function serveIot(settings: IotSettings, options: ServeOptions): Promise<ServedApi> {
  const t = tally(options);
  const content = createLocalContent({ settings, log: t.log });
  const devices = createLocalDevices({ settings, store: content.deps.store, log: t.log });
  const server = await startApiGatewayServer({
    port: options.port,
    onAnswer: t.onAnswer,
    backends: [
      { routes: CONTENT_API, invoke: (event) => content.api(event, content.context('iot-content-api')) },
      { routes: DEVICE_API, invoke: (event) => devices.api(event, devices.context('iot-device-api')) },
    ],
  });
  return {
    url: server.url,
    routes: [...CONTENT_ROUTES, ...DEVICE_ROUTES],
    notes: [
      `every write reaches search through the table's stream and the indexer (search index ${settings.searchIndex})`,
      'device status comes from IoT Platform over MQTT and is not served here: `npm run iot` in the repository runs devices too',
    ],
    summary: t.summary,
    async close() {
      await server.close();
      await content.settle();
      await devices.invoker.drain();
    },
  };
}

export async function serveLive(settings: LiveSettings, options: ServeOptions): Promise<ServedApi> {
  const t = tally(options);
  const clock = new SystemClock();
  const invoker = new LocalInvoker({ clock, concurrency: 4 });
  // Fresh keys for the run: the deployed ones are in the OOS parameter, which a local run never reads.
  const key = () => randomBytes(16).toString('hex');
  const functions = { mixer: 'live-mixer', watchdog: 'live-watchdog' };
  const deps: LiveDeps = {
    settings,
    keys: { push: key(), play: key(), callback: key() },
    store: new MemoryTableStore(),
    invoker,
    functions,
    clock,
    log: t.log,
  };
  let mixerStarts = 0;
  // The mixer pulls the mics from Live's ingest, which is not here: its starts are counted, not run.
  invoker.register(functions.mixer, { maxRetries: 0, handler: async () => void mixerStarts++ });
  invoker.register(functions.watchdog, { maxRetries: 2, handler: createWatchdog(deps) });
  const api = createRoomApi(deps);
  const context = localContexts();
  const server = await startApiGatewayServer({
    port: options.port,
    onAnswer: t.onAnswer,
    backends: [{ routes: ROOM_API, invoke: (event) => api(event, context('live-room-api')) }],
  });
  return {
    url: server.url,
    routes: ROOM_ROUTES,
    notes: [
      `push and play URLs are signed for ${settings.ingest.domain} and ${settings.play.domain} with keys made for this run`,
      "the mixer and Live's stream callbacks need Live's ingest and are not served (`npm run live` in the repository runs them on local RTMP)",
    ],
    summary: () => [...t.summary(), `mixer starts requested: ${mixerStarts}`],
    async close() {
      await server.close();
      await invoker.drain();
    },
  };
}
