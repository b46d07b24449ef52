/**
 * The device failure handler (on-failure destination of the transition check): logs each check FC
 * gave up on and runs it once more (a check is idempotent: it decides once, then only sends what the
 * outbox still holds); its own retries are FC's maximum. Sends that keep failing end FAILED after
 * maxSendAttempts, recorded on the entry.
 */
import type { FcContext } from '../../shared/context';
import { receiveGivenUp } from '../../shared/events/given-up-invocation';
import { loggerFor } from '../../shared/log';
import type { DeviceDeps } from './deps';
import { parseCheckEvent, type CheckEvent } from './queue-check';
import { checkTransition } from './transition-check';

export function createDeviceFailureHandler(deps: DeviceDeps) {
  return async (event: Buffer, ctx: FcContext): Promise<{ deviceId?: string; sent: string[]; failed: string[]; malformed?: string }> => {
    const log = loggerFor(ctx, deps.log);
    const received = receiveGivenUp(event, log);
    if (!received.ok) return { sent: [], failed: [], malformed: received.malformed };
    const { failure } = received;
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
