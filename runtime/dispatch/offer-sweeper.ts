/**
 * Offer sweeper (timer trigger, every minute): reads open_offers and moves each order whose offer
 * round expired (or was never made) to its next round — or gives up after maxOfferRounds. Drops
 * open_offers rows of orders that no longer need them, and re-queues the notifier for any of
 * these orders with unsent notifications. Orders are independent: one failing does not stop the
 * others; the invocation throws at the end so FC retries (every step is safe to repeat).
 */
import type { FcContext } from '../shared/context';
import { loggerFor } from '../shared/log';
import { DUE_GRACE_MS, hasUnsent } from '../shared/outbox';
import { MAX, MIN, type PrimaryKey } from '../shared/ports';
import type { DispatchDeps } from './deps';
import { settleOrderSlots } from './courier-slots';
import { getOrder } from './order-record';
import { advanceOffer, closeOpenOffer, type OfferOutcome } from './offers';
import { kickNotifier, resendDueNotifications } from './notifications';

export interface SweepResult {
  scanned: number;
  outcomes: Partial<Record<OfferOutcome | 'closed', number>>;
  failed: string[];
}

export function createOfferSweeper(deps: DispatchDeps) {
  return async (_event: Buffer, ctx: FcContext): Promise<SweepResult> => {
    const log = loggerFor(ctx, deps.log);
    const result: SweepResult = { scanned: 0, outcomes: {}, failed: [] };
    const count = (outcome: OfferOutcome | 'closed') => (result.outcomes[outcome] = (result.outcomes[outcome] ?? 0) + 1);
    let firstError: unknown;
    let start: PrimaryKey | undefined = [['orderId', MIN]];
    while (start) {
      const page = await deps.store.getRange(deps.settings.tables.openOffers, start, [['orderId', MAX]]);
      for (const { key, attributes } of page.rows) {
        result.scanned++;
        const orderId = String(key[0][1]);
        // The hint can only be early (it is written after the order), never late.
        if (typeof attributes.expiresAt === 'number' && attributes.expiresAt > deps.clock.now()) {
          count('not-due');
          continue;
        }
        const orderLog = log.child({ orderId });
        try {
          const order = await getOrder(deps, orderId);
          const markedAt = typeof attributes.expiresAt === 'number' ? attributes.expiresAt : undefined;
          // A create marks the row before it puts the order: a young row without one may be a create on its way.
          if (!order && markedAt !== undefined && markedAt > deps.clock.now() - DUE_GRACE_MS) {
            count('not-due');
            continue;
          }
          if (!order || (order.status !== 'CREATED' && order.status !== 'OFFERED') || order.noCourierAt !== undefined) {
            // The writer that settled the order (accept, cancel, giving up) may have died before its follow-ups.
            if (order) await settleOrderSlots(deps, order);
            await closeOpenOffer(deps, orderId, markedAt);
            if (order && hasUnsent(order.outbox)) await kickNotifier(deps, orderId, orderLog);
            count('closed');
            continue;
          }
          const step = await advanceOffer(deps, order, orderLog);
          count(step.outcome);
          if (step.outcome === 'not-due') {
            // A round whose writer died after its write (the row was due): the slots of the round it left, and its notifications.
            await settleOrderSlots(deps, order);
            if (hasUnsent(order.outbox)) await kickNotifier(deps, orderId, orderLog);
          } else if (!step.notified && hasUnsent(order.outbox)) await kickNotifier(deps, orderId, orderLog);
        } catch (err) {
          orderLog.logError(err, 'offer sweep failed for order');
          result.failed.push(orderId);
          firstError ??= err;
        }
      }
      start = page.next;
    }
    // Orders whose state write landed but whose writer died before its follow-ups: the slots the order
    // no longer needs go back (settleSlot keeps a needed one), then unsent notifications are queued.
    const giveBackSlots = async (orderId: string) => {
      const order = await getOrder(deps, orderId);
      if (order) await settleOrderSlots(deps, order);
    };
    try {
      await resendDueNotifications(deps, log, giveBackSlots);
    } catch (err) {
      log.logError(err, 'resending due notifications failed');
      firstError ??= err;
    }
    log.info('offer sweep', { scanned: result.scanned, ...result.outcomes, failed: result.failed.length });
    if (firstError) throw firstError;
    return result;
  };
}
