/**
 * The device-status function (FC 3.0 MNS trigger on the devices topic, one rule-engine message a
 * call, re-delivered by MNS until a call succeeds). A status is kept only if it is newer by device
 * time than the stored one (a conditional write on the time it read), so out-of-order and repeated
 * messages change nothing. A status that differs from the stored one is a change: it gets a `changedAt`
 * (its device time, which IoT Platform stamps) and one deferred transition check, queued as a delayed
 * invocation for when the debounce window after it ends (transition-check.ts decides there whether
 * owners are told). Nothing here scans or polls.
 *
 * Where it can stop: after the write and before the check is queued. Then the row holds a change no
 * check decided (changedAt ≠ notifiedChangedAt), and any later message of the device, whatever its
 * outcome (its re-delivery, a newer or an older status), queues that change's check again. A second
 * check of one change is harmless: a check decides once.
 */
import type { FcContext } from '../../shared/context';
import { parseMnsTopicEvent } from '../../shared/events/mns-topic';
import { parseTriggerEvent } from '../../shared/events/parse-trigger-event';
import { loggerFor, type Logger } from '../../shared/log';
import type { Attributes, Condition } from '../../shared/ports';
import { columnEquals, ifCondition, numberAbsent } from '../../shared/table-store';
import type { DeviceDeps } from './deps';
import { parseDeviceEvent, type DeviceStatus, type PropertiesEvent, type StatusEvent } from './device-events';
import { DEVICE_COLUMNS as C, deviceKey, numberColumn, propertyColumn, propertyTimeColumn, stringColumn } from './device-row';
import { queueCheck } from './queue-check';

/** recorded: a change, its check queued; unchanged: newer, same status; stale: older than stored; duplicate: the stored one again. */
export type StatusOutcome = 'recorded' | 'unchanged' | 'stale' | 'duplicate';

export interface DeviceEventResult {
  deviceId?: string;
  outcome: StatusOutcome | 'malformed';
  malformed?: string;
}

/** Conditional writes a call retries when another call changed the row between its read and write. */
const WRITE_ATTEMPTS = 5;

export function createDeviceStatusHandler(deps: DeviceDeps) {
  return async (event: Buffer, ctx: FcContext): Promise<DeviceEventResult> => {
    const log = loggerFor(ctx, deps.log);
    const parsed = parseTriggerEvent(log, 'malformed device event', () => parseDeviceEvent(parseMnsTopicEvent(event).body));
    if (!parsed.ok) return { outcome: 'malformed', malformed: parsed.error.message };
    const device = parsed.event;
    const outcome = device.kind === 'status' ? await recordStatus(deps, device, log) : await recordProperties(deps, device, log);
    return { deviceId: device.deviceId, outcome };
  };
}

export async function recordStatus(deps: DeviceDeps, event: StatusEvent, log: Logger): Promise<StatusOutcome> {
  const table = deps.settings.tables.devices;
  const key = deviceKey(event.deviceId);
  const fields = { decision: 'status', deviceId: event.deviceId, status: event.status, statusAt: event.at };
  for (let attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
    const row = await deps.store.getRow(table, key);
    const storedAt = numberColumn(row, C.statusAt);
    const stored = stringColumn(row, C.status);
    if (storedAt !== undefined && storedAt >= event.at) {
      // The call that stored the latest change may have stopped before queueing its check.
      await requeueUndecided(deps, event.deviceId, row);
      if (storedAt === event.at && stored === event.status) {
        log.info('device status already recorded', { ...fields, outcome: 'duplicate' });
        return 'duplicate';
      }
      log.info('device status ignored: older than the stored one', { ...fields, outcome: 'stale', reason: `stored ${stored} at ${storedAt}` });
      return 'stale';
    }
    const changed = stored !== event.status;
    const previous = numberColumn(row, C.changedAt);
    // The change's time on the platform's clock, so stability is judged on the timeline the statuses happened on, however
    // late one is delivered; strictly increasing per device, since a change's check is named by it.
    const changedAt = changed ? Math.max(event.at, (previous ?? 0) + 1) : previous;
    const put = { [C.status]: event.status, [C.statusAt]: event.at, ...(changedAt !== undefined ? { [C.changedAt]: changedAt } : {}) };
    // Only over the status this call read: a concurrent newer one wins, and this call looks again.
    const condition: Condition = {
      row: 'IGNORE',
      column: storedAt === undefined ? numberAbsent(C.statusAt) : columnEquals(C.statusAt, storedAt),
    };
    if (!(await ifCondition(() => deps.store.updateRow(table, key, { put }, condition, { returnRow: false })))) continue;
    if (!changed) {
      await requeueUndecided(deps, event.deviceId, row);
      log.info('device status recorded: no change', { ...fields, outcome: 'unchanged' });
      return 'unchanged';
    }
    await queueCheck(deps, { deviceId: event.deviceId, changedAt: changedAt!, status: event.status });
    log.info('device status recorded: changed, check queued', { ...fields, outcome: 'recorded', from: stored ?? null, changedAt });
    return 'recorded';
  }
  throw new Error(`device ${event.deviceId}: status write lost ${WRITE_ATTEMPTS} races; retrying`);
}

/** Queues the check of the row's latest change again when no check decided it yet. */
async function requeueUndecided(deps: DeviceDeps, deviceId: string, row: Attributes | undefined): Promise<void> {
  const changedAt = numberColumn(row, C.changedAt);
  const status = stringColumn(row, C.status) as DeviceStatus | undefined;
  if (changedAt !== undefined && (numberColumn(row, C.notifiedChangedAt) ?? -1) < changedAt) {
    await queueCheck(deps, { deviceId, changedAt, ...(status ? { status } : {}) });
  }
}

/**
 * Each property's latest value by device time; older items in the post are ignored one by one. The row's
 * `propsVersion` is the one condition of the write (Table Store takes at most 10 column conditions a write).
 */
export async function recordProperties(deps: DeviceDeps, event: PropertiesEvent, log: Logger): Promise<StatusOutcome> {
  const table = deps.settings.tables.devices;
  const key = deviceKey(event.deviceId);
  for (let attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
    const row = await deps.store.getRow(table, key);
    const newer = Object.entries(event.items).filter(([id, item]) => item.time > (numberColumn(row, propertyTimeColumn(id)) ?? -1));
    if (newer.length === 0) {
      log.info('device properties ignored: none newer than stored', { decision: 'properties', deviceId: event.deviceId, outcome: 'stale' });
      return 'stale';
    }
    const put: Record<string, string | number> = {};
    for (const [id, item] of newer) {
      put[propertyColumn(id)] = JSON.stringify(item.value);
      put[propertyTimeColumn(id)] = item.time;
    }
    const version = numberColumn(row, C.propsVersion);
    put[C.propsVersion] = (version ?? 0) + 1;
    const unchangedSinceRead = version === undefined ? numberAbsent(C.propsVersion) : columnEquals(C.propsVersion, version);
    const condition: Condition = { row: 'IGNORE', column: unchangedSinceRead };
    if (!(await ifCondition(() => deps.store.updateRow(table, key, { put }, condition, { returnRow: false })))) continue;
    log.info('device properties recorded', {
      decision: 'properties',
      deviceId: event.deviceId,
      outcome: 'recorded',
      applied: newer.length,
      stale: Object.keys(event.items).length - newer.length,
    });
    return 'recorded';
  }
  throw new Error(`device ${event.deviceId}: property write lost ${WRITE_ATTEMPTS} races; retrying`);
}
