/**
 * The transition check (a delayed asynchronous invocation, queue-check.ts; FC retries it). For the
 * change it names it decides once whether the device's owners are told:
 * - superseded: the status changed again within the window after (a flap); that change has its own check.
 *   A change that held the whole window before the next one (on the platform's clock: its message came
 *   late) is decided as below, before the next one is;
 * - early (a delay that ran short): deferred again to the end of the debounce window;
 * - suppressed: the status is back to what owners were last told (a flap inside the window);
 * - deferred: the device notified less than minNotifyIntervalSeconds ago, or it is quiet hours:
 *   the check comes back when it may notify, and then tells the status of that moment (transitions
 *   are coalesced: one that reverted meanwhile is not told, since what owners were told holds again);
 * - notified: one conditional write records the decision (notifiedStatus, notifiedChangedAt) and its
 *   notifications in the device's outbox ring, one per owner kind; then the outbox is sent.
 * Where it can stop: before the decision nothing is written (a retry decides again); after it, the
 * retry finds notifiedChangedAt = changedAt and only sends the outbox (shared/outbox: exactly once in
 * effect). Outbox entries every retry failed to send are sent by the next check of the device, or by
 * the failure handler.
 */
import type { FcContext } from '../../shared/context';
import { parseTriggerEvent } from '../../shared/events/parse-trigger-event';
import { loggerFor, type Logger } from '../../shared/log';
import { isUnsent, outboxColumns, outboxSize, readOutbox, sendOutbox, OUTBOX_SIZE } from '../../shared/outbox';
import type { Attributes, ColumnCondition } from '../../shared/ports';
import { columnEquals, ifCondition, numberAbsent } from '../../shared/table-store';
import { DEVICE_OUTBOX_CAPACITY } from '../settings';
import type { DeviceDeps } from './deps';
import type { DeviceStatus } from './device-events';
import { DEVICE_COLUMNS as C, deviceKey, numberColumn, stringColumn } from './device-row';
import { deviceOutbox, sendUnsent, transitionNotifications } from './device-outbox';
import { readOwners } from './owners';
import { parseCheckEvent, queueCheck, type CheckEvent } from './queue-check';
import { quietUntil } from './quiet-hours';

export type Verdict = 'notified' | 'already-decided' | 'suppressed' | 'deferred' | 'superseded' | 'gone';

export interface CheckResult {
  deviceId?: string;
  verdict?: Verdict;
  sent: string[];
  failed: string[];
  malformed?: string;
}

const DECIDE_ATTEMPTS = 5;

export function createTransitionCheck(deps: DeviceDeps) {
  return async (event: Buffer, ctx: FcContext): Promise<CheckResult> => {
    const log = loggerFor(ctx, deps.log);
    const parsed = parseTriggerEvent(log, 'malformed transition check', () => parseCheckEvent(event));
    if (!parsed.ok) return { sent: [], failed: [], malformed: parsed.error.message };
    return checkTransition(deps, parsed.event, ctx.requestId, log);
  };
}

export async function checkTransition(deps: DeviceDeps, check: CheckEvent, requestId: string, log: Logger): Promise<CheckResult> {
  const { deviceId, changedAt } = check;
  const s = deps.settings.devices;
  const table = deps.settings.tables.devices;
  const key = deviceKey(deviceId);
  const fields = { decision: 'transition', deviceId, changedAt };
  const done = async (verdict: Verdict, row: Attributes | undefined) => ({
    deviceId,
    verdict,
    ...(await sendUnsent(deps, deviceId, row, requestId, log)),
  });
  for (let attempt = 1; attempt <= DECIDE_ATTEMPTS; attempt++) {
    const row = await deps.store.getRow(table, key);
    if (!row) {
      log.warn('transition check: no such device', { ...fields, verdict: 'gone' });
      return { deviceId, verdict: 'gone', sent: [], failed: [] };
    }
    const current = numberColumn(row, C.changedAt);
    const window = s.debounceSeconds * 1000;
    // The change this check is for is the row's, or an earlier one that held the whole window on the platform's clock
    // before the next (it was delivered late): that one was real too, and owners hear of it before the next.
    const held = current !== undefined && current !== changedAt && check.status !== undefined && current - changedAt >= window;
    const status = held ? check.status : stringColumn(row, C.status);
    if ((current !== changedAt && !held) || status === undefined) {
      log.info('transition superseded by a later change', { ...fields, verdict: 'superseded', status });
      return done('superseded', row);
    }
    if ((numberColumn(row, C.notifiedChangedAt) ?? -1) >= changedAt) return done('already-decided', row);
    const now = deps.clock.now();
    const notified = stringColumn(row, C.notifiedStatus);
    const stableAt = changedAt + window;
    if (now < stableAt) return defer(deps, check, stableAt, 'debounce window not over', row, requestId, log);
    // Decided only once, and never before a later change was decided (changedAt increases per device).
    const undecided: ColumnCondition = { column: C.notifiedChangedAt, op: '<', value: changedAt, passIfMissing: true };
    const unchanged: ColumnCondition = current === undefined ? numberAbsent(C.changedAt) : columnEquals(C.changedAt, current);
    if (status === notified) {
      // Decided: nothing to tell. Recorded, so later messages of the device do not queue this check again.
      const put = { [C.notifiedChangedAt]: changedAt };
      const column: ColumnCondition = { and: [unchanged, undecided] };
      await ifCondition(() => deps.store.updateRow(table, key, { put }, { row: 'EXPECT_EXIST', column }, { returnRow: false }));
      log.info('transition suppressed: back to the notified status within the debounce window', { ...fields, verdict: 'suppressed', status });
      return done('suppressed', row);
    }
    const notifiedAt = numberColumn(row, C.notifiedAt);
    if (notifiedAt !== undefined && now < notifiedAt + s.minNotifyIntervalSeconds * 1000) {
      return defer(deps, check, notifiedAt + s.minNotifyIntervalSeconds * 1000, 'rate limit', row, requestId, log);
    }
    const quietEnd = quietUntil(now, s.quietHours);
    if (quietEnd !== undefined) return defer(deps, check, quietEnd, 'quiet hours', row, requestId, log);

    const owners = await readOwners(deps.store, deps.settings.tables.deviceOwners, deviceId);
    const notifications = transitionNotifications(deviceId, status as DeviceStatus, changedAt, owners);
    const size = outboxSize(row);
    const superseded = readOutbox(deviceId, row, DEVICE_OUTBOX_CAPACITY)
      .filter(isUnsent)
      .filter((e) => e.index < size + notifications.length - DEVICE_OUTBOX_CAPACITY);
    const put = {
      [C.notifiedStatus]: status,
      [C.notifiedChangedAt]: changedAt,
      [C.notifiedAt]: now,
      ...outboxColumns(size, notifications, DEVICE_OUTBOX_CAPACITY),
    };
    const condition: ColumnCondition = {
      and: [unchanged, undecided, size === 0 ? numberAbsent(OUTBOX_SIZE) : columnEquals(OUTBOX_SIZE, size)],
    };
    const decide = () => deps.store.updateRow(table, key, { put }, { row: 'EXPECT_EXIST', column: condition }, { returnRow: false });
    const written = await ifCondition(decide);
    if (!written) continue;
    for (const entry of superseded) {
      log.warn('notification superseded before it was sent', { ...fields, verdict: 'superseded', notificationId: entry.id });
    }
    log.info('transition notified', { ...fields, verdict: 'notified', status, from: notified ?? null, owners: owners.length, late: held });
    // Also sends what earlier decisions left unsent.
    const result = await sendOutbox(deps, deviceOutbox(deps, deviceId), { requestId, maxSendAttempts: s.maxSendAttempts, log });
    return { deviceId, verdict: 'notified', sent: result?.sent ?? [], failed: result?.failed ?? [] };
  }
  throw new Error(`device ${deviceId}: transition decision lost ${DECIDE_ATTEMPTS} races; retrying`);
}

async function defer(
  deps: DeviceDeps,
  check: CheckEvent,
  dueAt: number,
  reason: string,
  row: Attributes,
  requestId: string,
  log: Logger,
): Promise<CheckResult> {
  await queueCheck(deps, check, dueAt);
  log.info('transition deferred', {
    decision: 'transition',
    deviceId: check.deviceId,
    changedAt: check.changedAt,
    status: stringColumn(row, C.status),
    verdict: 'deferred',
    reason,
    dueAt,
  });
  return { deviceId: check.deviceId, verdict: 'deferred', ...(await sendUnsent(deps, check.deviceId, row, requestId, log)) };
}
