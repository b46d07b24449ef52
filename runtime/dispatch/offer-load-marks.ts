/**
 * `offerLoadUntil` (INTEGER epoch ms, on the `couriers` row) marks a courier that has been offered
 * an order until that offer expires: while it is later than now the courier ranks as if it
 * carried one more order, so one seller's simultaneous orders spread over several couriers instead
 * of all going to the same nearest ones. It is only a ranking hint, written after the offer
 * (markPendingOffers): it never excludes a courier, is never read by the accept path (which
 * reserves on `activeOrders` and `capacity` alone) and needs no cleanup, since it stops counting
 * when the offer expires. It is not cleared when the offer is settled early, so a courier that lost
 * (or won) an offer still counts one extra load until the offer's expiry, at most offerTtlSeconds.
 */
import type { TableStore } from '../shared/ports';
import { courierKey } from './courier-keys';
import type { DispatchSettings } from './settings';

/**
 * Marks each courier as offered an order until `until` (the offer's expiry, epoch ms). Call it
 * only after the order's offer write succeeded, so a lost race marks nobody. Best effort: the
 * offer stands without it, so a failed mark (the courier row gone, a store error) is returned, not
 * thrown. A later offer overwrites an earlier one's mark: offers share one TTL, so the later write
 * carries the later expiry (up to clock skew between instances, milliseconds of a hint).
 */
export async function markPendingOffers(
  store: TableStore,
  settings: DispatchSettings,
  courierIds: readonly string[],
  until: number,
): Promise<Array<{ courierId: string; error: unknown }>> {
  // An INTEGER column like the other times; rounding up never ends the mark before the offer.
  const offerLoadUntil = Math.ceil(until);
  const results = await Promise.allSettled(
    courierIds.map((courierId) =>
      store.updateRow(settings.tables.couriers, courierKey(courierId), { put: { offerLoadUntil } }, { row: 'EXPECT_EXIST' }, { returnRow: false }),
    ),
  );
  return results.flatMap((r, i) => (r.status === 'rejected' ? [{ courierId: courierIds[i], error: r.reason as unknown }] : []));
}
