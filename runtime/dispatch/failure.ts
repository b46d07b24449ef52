/**
 * Failure handler (on-failure destination of the notifier and the offer sweeper): logs each
 * invocation FC gave up on and, for a notifier's, records it on the order row (`lastFailure`), so
 * an order whose notifications are stuck says so. A later request or sweep re-queues the notifier.
 */
import type { FcContext } from '../shared/context';
import { parseAsyncDestinationEvent } from '../shared/events/async-destination';
import { parseTriggerEvent } from '../shared/events/parse-trigger-event';
import { loggerFor } from '../shared/log';
import { ifCondition } from '../shared/table-store';
import type { DispatchDeps } from './deps';
import { parseNotifierEvent } from './notifier';
import { orderKey } from './order-record';

export function createFailureHandler(deps: DispatchDeps) {
  return async (event: Buffer, ctx: FcContext): Promise<{ functionName?: string; orderId?: string; malformed?: string }> => {
    const log = loggerFor(ctx, deps.log);
    const parsed = parseTriggerEvent(log, 'malformed destination payload', () => parseAsyncDestinationEvent(event));
    if (!parsed.ok) return { malformed: parsed.error.message };
    const failure = parsed.event;
    const fields = {
      failedFunction: failure.functionName,
      failedRequestId: failure.requestId,
      attempts: failure.attempts,
      condition: failure.condition,
    };
    log.error('invocation failed after retries', { ...fields, errorType: failure.errorType, errorMessage: failure.errorMessage });
    let orderId: string | undefined;
    try {
      orderId = parseNotifierEvent(failure.originalEvent).orderId;
    } catch {
      return { functionName: failure.functionName };
    }
    // An order that does not exist has nothing to record it on.
    await ifCondition(() =>
      deps.store.updateRow(
        deps.settings.tables.orders,
        orderKey(orderId),
        { put: { lastFailure: JSON.stringify({ ...fields, error: failure.errorMessage.slice(0, 500), at: deps.clock.now() }) } },
        { row: 'EXPECT_EXIST' },
      ),
    );
    return { functionName: failure.functionName, orderId };
  };
}
