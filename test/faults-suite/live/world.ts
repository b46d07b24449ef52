/**
 * LiveMuxCluster's control plane on local adapters with every invocation's ports (store, invoker) behind
 * its own gate: the room API (clients retry a 5xx or give up), Live's publish callbacks (Live delivers a
 * failed one again, 5 more times), the watchdog as FC runs delayed invocations (retries with the same
 * requestId). Mixers are modelled: a started mixer renews its lease every 5 s of the clock until it is
 * killed, taken over or its room ends. Time moves by hand, in steps of a second.
 */
import { createCallbackHandler } from '../../../runtime/live/callbacks';
import type { LiveDeps } from '../../../runtime/live/deps';
import { claimLease, LEASE_MS, renewLease } from '../../../runtime/live/mixer-lease';
import { createRoomApi, ROOM_API } from '../../../runtime/live/room-api';
import { createWatchdog } from '../../../runtime/live/watchdog';
import { callbackSignature } from '../../../runtime/live/callback-auth';
import { authKey } from '../../../runtime/live/url-signing';
import { FixedClock } from '../../../runtime/shared/clock';
import type { FcContext } from '../../../runtime/shared/context';
import { apiGatewayEvent } from '../../../runtime/shared/local/api-gateway-event';
import { httpTriggerEvent } from '../../../runtime/shared/local/http-trigger-event';
import { localContexts } from '../../../runtime/shared/local/local-context';
import { LocalInvoker } from '../../../runtime/shared/local/local-invoker';
import { MemoryTableStore } from '../../../runtime/shared/local/table-store/memory-table-store';
import type { Invoker, TableStore } from '../../../runtime/shared/ports';
import { wrap } from '../../faults/fault-run';
import { FUNCTIONS, KEYS, SETTINGS, T0 } from '../../runtime/live/live-harness';
import { asClient, type ClientModel } from '../clients';
import type { Invocations } from '../invocations';

/** Deliveries of one callback: Live's first and its 5 retries. */
const CALLBACK_DELIVERIES = 6;

export interface MixerRun {
  roomId: string;
  epoch: number;
  /** What it claimed its epoch with. */
  claim: string;
  startedAt: number;
  stoppedAt?: number;
  why?: string;
}

export interface LiveWorld {
  clock: FixedClock;
  store: MemoryTableStore;
  invoker: LocalInvoker;
  mixers: MixerRun[];
  /** Problems seen while time moved (a second mixer while one held the lease, a room live without a mixer too long). */
  seen: Array<{ invariant: string; detail: unknown }>;
  roomId?: string;
  api(method: string, url: string, body?: unknown): Promise<{ status: number; body: Record<string, any> }>;
  publish(micId: string, action: 'publish' | 'publish_done'): Promise<void>;
  /** Kills the running mixer of the room (it stops renewing). */
  killMixer(): void;
  /** Moves the clock `ms` in steps of a second: mixers renew, delayed invocations run, the watchdog bound is checked. */
  advance(ms: number): Promise<void>;
}

type Make<R> = (deps: LiveDeps) => (event: Buffer, ctx: FcContext) => Promise<R>;

export function liveWorld(invocations: Invocations, client: ClientModel): LiveWorld {
  const clock = new FixedClock(T0);
  const store = new MemoryTableStore();
  const invoker = new LocalInvoker({ clock, timers: false });
  const deps: LiveDeps = { settings: SETTINGS, keys: KEYS, store, invoker, functions: FUNCTIONS, clock, log: () => undefined };
  const gated =
    <R>(fn: string, what: (event: Buffer) => string, make: Make<R>) =>
    (event: Buffer, ctx: FcContext) => {
      const gate = invocations.attempt(fn, ctx.requestId, what(event));
      return make({ ...deps, store: wrap<TableStore>(store, 'store', gate), invoker: wrap<Invoker>(invoker, 'invoker', gate) })(event, ctx);
    };
  const context = localContexts();
  const mixers: MixerRun[] = [];
  const seen: LiveWorld['seen'] = [];
  invoker.register(FUNCTIONS.mixer, {
    maxRetries: 0,
    handler: async (event) => {
      const { roomId, epoch } = JSON.parse(event.toString()) as { roomId: string; epoch: number };
      // FC delivers an asynchronous invocation at least once: every start is delivered twice here. A mixer runs only
      // once it claimed its epoch, as runRoomMixer does before it starts anything.
      for (let delivery = 1; delivery <= 2; delivery++) {
        const claim = `${epoch}-${delivery}`;
        if (!(await claimLease(store, SETTINGS.tables.rooms, roomId, epoch, claim))) continue;
        const running = mixers.filter((m) => m.roomId === roomId && m.stoppedAt === undefined);
        if (running.length > 0)
          seen.push({ invariant: 'one mixer per room at a time', detail: { started: epoch, running: running.map((m) => m.epoch) } });
        mixers.push({ roomId, epoch, claim, startedAt: clock.now() });
      }
    },
  });
  invoker.register(FUNCTIONS.watchdog, { maxRetries: 2, handler: gated('watchdog', () => 'watchdog', createWatchdog) });
  const api = gated(
    'api',
    (e) => {
      const { httpMethod, path } = JSON.parse(e.toString()) as { httpMethod: string; path: string };
      return `${httpMethod} ${path}`;
    },
    createRoomApi,
  );
  const callback = gated('callback', (e) => `callback ${JSON.parse(e.toString()).queryParameters.action}`, createCallbackHandler);
  let liveWithoutMixerSince: number | undefined;
  const world: LiveWorld = {
    clock,
    store,
    invoker,
    mixers,
    seen,
    async api(method, url, body) {
      const send = async () => {
        clock.advance(100);
        const event = apiGatewayEvent(
          { method, url, headers: { 'Content-Type': 'application/json' }, body: Buffer.from(body === undefined ? '' : JSON.stringify(body)) },
          ROOM_API,
        );
        const res = await api(Buffer.from(JSON.stringify(event)), context('live-room-api'));
        return { status: res.statusCode, body: JSON.parse(res.body) as Record<string, any> };
      };
      return asClient(client, send);
    },
    async publish(micId, action) {
      const stream = `${world.roomId}-${micId}`;
      const ts = Math.floor(clock.now() / 1000);
      const query = {
        action,
        id: stream,
        app: SETTINGS.ingest.domain,
        appname: SETTINGS.ingest.app,
        time: String(ts),
        usrargs: `auth_key=${authKey(`/${SETTINGS.ingest.app}/${stream}`, KEYS.push, ts)}`,
      };
      for (let delivery = 1; delivery <= CALLBACK_DELIVERIES; delivery++) {
        const now = String(Math.floor(clock.now() / 1000));
        const headers = { 'ALI-LIVE-TIMESTAMP': now, 'ALI-LIVE-SIGNATURE': callbackSignature(SETTINGS.ingest.domain, now, KEYS.callback) };
        const event = httpTriggerEvent({ method: 'GET', url: `/?${new URLSearchParams(query)}`, headers, time: clock.now() });
        try {
          const reply = await callback(event, context('live-callback'));
          if (reply.statusCode < 500) return;
        } catch {
          // Live delivers it again a second later.
        }
        clock.advance(1000);
      }
    },
    killMixer() {
      for (const m of mixers) if (m.stoppedAt === undefined) Object.assign(m, { stoppedAt: clock.now(), why: 'killed' });
    },
    async advance(ms) {
      const end = clock.now() + ms;
      while (clock.now() < end) {
        clock.set(Math.min(end, clock.now() + 1000));
        for (const m of mixers.filter((r) => r.stoppedAt === undefined)) {
          const renewing = (clock.now() - m.startedAt) % 5000 < 1000;
          if (renewing && !(await renewLease(store, SETTINGS.tables.rooms, m.roomId, m.epoch, m.claim, clock.now()))) {
            Object.assign(m, { stoppedAt: clock.now(), why: 'lease lost or room ended' });
          }
        }
        invoker.releaseDue();
        await invoker.drain();
        await checkLive(world, clock.now());
      }
    },
  };
  const bound = LEASE_MS + SETTINGS.mixer.watchdogIntervalSeconds * 1000 + SETTINGS.mixer.startGraceSeconds * 1000 + 2000;
  async function checkLive(w: LiveWorld, now: number) {
    if (!w.roomId) return;
    const room = await store.getRow(SETTINGS.tables.rooms, [['roomId', w.roomId]]);
    const mics = await store.getRange(
      SETTINGS.tables.mics,
      [
        ['roomId', w.roomId],
        ['micId', ''],
      ],
      [
        ['roomId', w.roomId],
        ['micId', '\uffff'],
      ],
    );
    const live = room?.state === 'OPEN' && mics.rows.some((r) => r.attributes.state === 'LIVE');
    const running = mixers.some((m) => m.roomId === w.roomId && m.stoppedAt === undefined);
    if (!live || running) {
      liveWithoutMixerSince = undefined;
      return;
    }
    liveWithoutMixerSince ??= now;
    if (now - liveWithoutMixerSince > bound) {
      seen.push({
        invariant: 'no room live without a mixer beyond the watchdog bound',
        detail: { since: liveWithoutMixerSince - T0, now: now - T0 },
      });
      liveWithoutMixerSince = now;
    }
  }
  return world;
}
