/**
 * The deferred transition check is an event: a delayed asynchronous invocation of the check
 * function, `{deviceId, changedAt}`, due when the change has held for the debounce window. Delays
 * longer than one invocation may carry (MAX_INVOKE_DELAY_SECONDS) chain: the check defers itself again.
 */
import { isRecord, MalformedEventError, parseJsonEvent } from '../../shared/events/malformed-event-error';
import { MAX_INVOKE_DELAY_SECONDS } from '../../shared/ports';
import type { DeviceDeps } from './deps';
import type { DeviceStatus } from './device-events';

export interface CheckEvent {
  deviceId: string;
  /** The change the check is for (the row's changedAt when it was queued). */
  changedAt: number;
  /** The status it changed to: told even after a later change, when it held the whole window before it. */
  status?: DeviceStatus;
}

/** Queues the check of change `changedAt`, due at `dueAt` (epoch ms; default: when the debounce window ends). */
export async function queueCheck(deps: DeviceDeps, change: CheckEvent, dueAt?: number): Promise<void> {
  const due = dueAt ?? change.changedAt + deps.settings.devices.debounceSeconds * 1000;
  const delaySeconds = Math.min(MAX_INVOKE_DELAY_SECONDS, Math.max(0, Math.ceil((due - deps.clock.now()) / 1000)));
  const payload: CheckEvent = { deviceId: change.deviceId, changedAt: change.changedAt, ...(change.status ? { status: change.status } : {}) };
  await deps.invoker.invokeAsync(deps.checkFunction, payload, { delaySeconds });
}

export function parseCheckEvent(event: Buffer | string): CheckEvent {
  const root = parseJsonEvent(event);
  if (!isRecord(root)) throw new MalformedEventError('$', 'expected a JSON object');
  if (typeof root.deviceId !== 'string' || !/^[^/]+\/[^/]+$/.test(root.deviceId)) {
    throw new MalformedEventError('deviceId', 'expected <productKey>/<deviceName>');
  }
  if (typeof root.changedAt !== 'number' || !Number.isSafeInteger(root.changedAt) || root.changedAt < 0) {
    throw new MalformedEventError('changedAt', 'expected epoch milliseconds');
  }
  if (root.status !== undefined && root.status !== 'online' && root.status !== 'offline') {
    throw new MalformedEventError('status', 'expected online or offline');
  }
  return { deviceId: root.deviceId, changedAt: root.changedAt, ...(root.status ? { status: root.status } : {}) };
}
