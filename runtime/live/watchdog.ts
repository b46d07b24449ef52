/**
 * A room's watchdog: a chain of delayed invocations, one every watchdogIntervalSeconds while the room
 * has mics, no timer scanning rooms. Each run restarts the mixer if its lease lapsed while a mic is
 * live, then queues the next run. The room row's `watchdogDue` names the chain's next run: a run that is
 * not it is a duplicate and stops, unless the chain looks dead (its due passed by a whole interval: the
 * run that should have continued it stopped between queueing and writing), which it then adopts.
 * A dead mixer is so restarted within LEASE_MS + the interval of its last heartbeat.
 */
import type { FcContext } from '../shared/context';
import { isRecord, MalformedEventError, parseJsonEvent } from '../shared/events/malformed-event-error';
import { parseTriggerEvent } from '../shared/events/parse-trigger-event';
import { loggerFor, type Logger } from '../shared/log';
import type { Attributes } from '../shared/ports';
import { columnEquals, ifCondition, numberAbsent } from '../shared/table-store';
import type { LiveDeps } from './deps';
import { leaseOf, takeLease } from './mixer-lease';
import { readRoomMics, roomKey } from './room-record';

export interface WatchdogEvent {
  roomId: string;
  due: number;
}

export type WatchdogVerdict = 'duplicate' | 'ended' | 'idle' | 'mixer-running' | 'mixer-started' | 'no-live-mic' | 'gone';

export function parseWatchdogEvent(event: Buffer): WatchdogEvent {
  const root = parseJsonEvent(event);
  if (!isRecord(root)) throw new MalformedEventError('$', 'expected a JSON object');
  if (typeof root.roomId !== 'string' || !/^r[0-9a-f]{32}$/.test(root.roomId)) throw new MalformedEventError('roomId', 'expected a room id');
  if (typeof root.due !== 'number' || !Number.isSafeInteger(root.due)) throw new MalformedEventError('due', 'expected epoch milliseconds');
  return { roomId: root.roomId, due: root.due };
}

/** Starts the room's mixer if none holds the lease, and its watchdog chain if none runs. */
export async function ensureMixer(deps: LiveDeps, roomId: string, log: Logger): Promise<'started' | 'running' | 'not-open'> {
  const table = deps.settings.tables.rooms;
  const row = await deps.store.getRow(table, roomKey(roomId));
  if (!row || row.state !== 'OPEN') return 'not-open';
  // The watchdog first: if this call dies after taking the lease, the chain restarts the mixer once the lease lapses.
  await ensureWatchdog(deps, roomId, row);
  return startIfFree(deps, roomId, log);
}

async function startIfFree(deps: LiveDeps, roomId: string, log: Logger): Promise<'started' | 'running'> {
  const now = deps.clock.now();
  const lease = await takeLease(deps.store, deps.settings.tables.rooms, roomId, now, deps.settings.mixer.startGraceSeconds * 1000);
  if (!lease) return 'running';
  await deps.invoker.invokeAsync(deps.functions.mixer, { roomId, epoch: lease.epoch });
  log.info('mixer started', { decision: 'mixer', roomId, epoch: lease.epoch });
  return 'started';
}

function intervalMs(deps: LiveDeps): number {
  return deps.settings.mixer.watchdogIntervalSeconds * 1000;
}

/** Queues the chain's next run, then records it (a run that dies between the two leaves a chain the next run adopts). */
async function continueChain(deps: LiveDeps, roomId: string, readDue: number | undefined): Promise<void> {
  const next = deps.clock.now() + intervalMs(deps);
  await deps.invoker.invokeAsync(deps.functions.watchdog, { roomId, due: next }, { delaySeconds: deps.settings.mixer.watchdogIntervalSeconds });
  const unchanged = readDue === undefined ? numberAbsent('watchdogDue') : columnEquals('watchdogDue', readDue);
  await ifCondition(() =>
    deps.store.updateRow(
      deps.settings.tables.rooms,
      roomKey(roomId),
      { put: { watchdogDue: next } },
      { row: 'EXPECT_EXIST', column: unchanged },
      {
        returnRow: false,
      },
    ),
  );
}

/**
 * The chain stops: its due is cleared (only while it is still this run's), so the next mic going live starts a
 * chain at once rather than seeing this one alive for another interval.
 */
async function endChain(deps: LiveDeps, roomId: string, due: number | undefined): Promise<void> {
  if (due === undefined) return;
  const condition = { row: 'EXPECT_EXIST' as const, column: columnEquals('watchdogDue', due) };
  await ifCondition(() =>
    deps.store.updateRow(deps.settings.tables.rooms, roomKey(roomId), { delete: ['watchdogDue'] }, condition, { returnRow: false }),
  );
}

/** A chain is alive while its next run is at most an interval overdue. */
function chainAlive(deps: LiveDeps, row: Attributes): boolean {
  const due = row.watchdogDue;
  return typeof due === 'number' && due + intervalMs(deps) >= deps.clock.now();
}

async function ensureWatchdog(deps: LiveDeps, roomId: string, row: Attributes): Promise<void> {
  if (chainAlive(deps, row)) return;
  await continueChain(deps, roomId, typeof row.watchdogDue === 'number' ? row.watchdogDue : undefined);
}

export function createWatchdog(deps: LiveDeps) {
  return async (event: Buffer, ctx: FcContext): Promise<{ verdict?: WatchdogVerdict; malformed?: string }> => {
    const log = loggerFor(ctx, deps.log);
    const parsed = parseTriggerEvent(log, 'malformed watchdog event', () => parseWatchdogEvent(event));
    if (!parsed.ok) return { malformed: parsed.error.message };
    return { verdict: await watch(deps, parsed.event, log) };
  };
}

async function watch(deps: LiveDeps, event: WatchdogEvent, log: Logger): Promise<WatchdogVerdict> {
  const { roomId } = event;
  const fields = { decision: 'watchdog', roomId };
  const row = await deps.store.getRow(deps.settings.tables.rooms, roomKey(roomId));
  if (!row) return 'gone';
  const due = typeof row.watchdogDue === 'number' ? row.watchdogDue : undefined;
  if (due !== event.due && chainAlive(deps, row)) return 'duplicate';
  if (row.state !== 'OPEN') {
    await endChain(deps, roomId, due);
    log.info('watchdog stops: the room ended', { ...fields, verdict: 'ended' });
    return 'ended';
  }
  const now = deps.clock.now();
  const mics = await readRoomMics(deps.store, deps.settings.tables.mics, roomId);
  const live = mics.filter((m) => m.state === 'LIVE');
  if (live.length === 0) {
    const lastSeen = Math.max(Number(row.createdAt), ...mics.map((m) => Math.max(m.goneAt ?? 0, m.liveAt ?? 0, m.joinedAt)));
    if (now - lastSeen >= deps.settings.mixer.idleStopSeconds * 1000) {
      await endChain(deps, roomId, due);
      // A mic that went live while this run decided saw the chain alive and started none: look once more.
      const again = await readRoomMics(deps.store, deps.settings.tables.mics, roomId);
      if (again.some((m) => m.state === 'LIVE')) {
        await continueChain(deps, roomId, undefined);
        return 'no-live-mic';
      }
      log.info('watchdog stops: no mic live for the idle time', { ...fields, verdict: 'idle' });
      return 'idle';
    }
    await continueChain(deps, roomId, due);
    return 'no-live-mic';
  }
  const lease = leaseOf(row);
  let verdict: WatchdogVerdict = 'mixer-running';
  if (!lease || lease.until <= now) {
    if ((await startIfFree(deps, roomId, log)) === 'started') {
      verdict = 'mixer-started';
      log.warn('mixer restarted: its lease had lapsed', { ...fields, verdict, lapsedAt: lease?.until ?? null, liveMics: live.length });
    }
  }
  await continueChain(deps, roomId, due);
  return verdict;
}
