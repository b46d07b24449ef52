/**
 * The device failure handler (on-failure destination of the transition check): logs each check FC
 * gave up on and runs it once more (a check is idempotent: it decides once, then only sends what the
 * outbox still holds); its own retries are FC's maximum. Sends that keep failing end FAILED after
 * maxSendAttempts, recorded on the entry.
 */
import type { FcContext } from '../../shared/context';
import { parseAsyncDestinationEvent } from '../../shared/events/async-destination';
import { parseTriggerEvent } from '../../shared/events/parse-trigger-event';
import { loggerFor } from '../../shared/log';
import type { DeviceDeps } from './deps';
import { parseCheckEvent, type CheckEvent } from './queue-check';
import { checkTransition } from './transition-check';

export function createDeviceFailureHandler(deps: DeviceDeps) {
  return async (event: Buffer, ctx: FcContext): Promise<{ deviceId?: string; sent: string[]; failed: string[]; malformed?: string }> => {
    const log = loggerFor(ctx, deps.log);
    const parsed = parseTriggerEvent(log, 'malformed destination payload', () => parseAsyncDestinationEvent(event));
    if (!parsed.ok) return { sent: [], failed: [], malformed: parsed.error.message };
    const failure = parsed.event;
    const fields = {
      failedFunction: failure.functionName,
      failedRequestId: failure.requestId,
      attempts: failure.attempts,
      condition: failure.condition,
    };
    log.error('invocation failed after retries', { ...fields, errorType: failure.errorType, errorMessage: failure.errorMessage });
    let check: CheckEvent;
    try {
      check = parseCheckEvent(failure.originalEvent);
    } catch {
      return { sent: [], failed: [] };
    }
    const result = await checkTransition(deps, check, ctx.requestId, log);
    return { deviceId: check.deviceId, sent: result.sent, failed: result.failed };
  };
}
