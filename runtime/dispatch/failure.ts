/**
 * Failure handler (on-failure destination of the notifier and the offer sweeper): logs each
 * invocation FC gave up on and, for a notifier's, records it on the order row (`lastFailure`), so
 * an order whose notifications are stuck says so. A later request or sweep re-queues the notifier.
 */
import type { FcContext } from '../shared/context';
import { receiveGivenUp } from '../shared/events/given-up-invocation';
import { loggerFor } from '../shared/log';
import { ifCondition } from '../shared/table-store';
import type { DispatchDeps } from './deps';
import { parseNotifierEvent } from './notifier';
import { orderKey } from './order-record';

export function createFailureHandler(deps: DispatchDeps) {
  return async (event: Buffer, ctx: FcContext): Promise<{ functionName?: string; orderId?: string; malformed?: string }> => {
    const log = loggerFor(ctx, deps.log);
    const received = receiveGivenUp(event, log);
    if (!received.ok) return { malformed: received.malformed };
    const { failure, fields } = received;
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
