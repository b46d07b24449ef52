/**
 * A long room's mixer hands over to a fresh invocation before FC's time limit (24 h), without a gap viewers notice:
 *   handoverFrom    INTEGER, the epoch handing over (the lease moved to the next epoch)
 *   handoverReady   INTEGER, the next epoch once its decoders have pictures
 *   handedOver      INTEGER, the old epoch once its output stopped; handedOverTsMs where its timeline ended
 * The old mixer moves the lease to the next epoch and starts it, and keeps pushing; the new one claims the epoch,
 * starts its decoders and says it is ready; the old one stops its output and says so; the new one starts its output
 * on the old one's timeline (a second publisher of one stream is refused, so the two never push at once).
 */
import type { TableStore } from '../shared/ports';
import { columnEquals, ifCondition } from '../shared/table-store';
import { roomKey } from './room-record';

export interface Handover {
  from?: number;
  ready?: number;
  handedOver?: number;
  tsMs?: number;
}

const num = (v: unknown) => (typeof v === 'number' ? v : undefined);

export function handoverOf(row: Record<string, unknown> | undefined): Handover {
  return { from: num(row?.handoverFrom), ready: num(row?.handoverReady), handedOver: num(row?.handedOver), tsMs: num(row?.handedOverTsMs) };
}

/** Moves mixer `epoch`'s lease (it holds `claim`) to epoch + 1, which has `graceMs` to claim it; false when it no longer held it. */
export async function handOverLease(store: TableStore, table: string, roomId: string, epoch: number, claim: string, now: number, graceMs: number) {
  const held = [columnEquals('mixerEpoch', epoch), columnEquals('mixerClaim', claim), columnEquals('state', 'OPEN')];
  const changes = {
    put: { mixerEpoch: epoch + 1, leaseUntil: now + graceMs, handoverFrom: epoch },
    delete: ['mixerClaim', 'handoverReady', 'handedOver', 'handedOverTsMs'],
  };
  return ifCondition(() => store.updateRow(table, roomKey(roomId), changes, { row: 'EXPECT_EXIST', column: { and: held } }, { returnRow: false }));
}

/** The new mixer (epoch, holding `claim`) has pictures from every live mic: the old one may stop. */
export async function markReady(store: TableStore, table: string, roomId: string, epoch: number, claim: string) {
  const condition = { row: 'EXPECT_EXIST' as const, column: { and: [columnEquals('mixerEpoch', epoch), columnEquals('mixerClaim', claim)] } };
  return ifCondition(() => store.updateRow(table, roomKey(roomId), { put: { handoverReady: epoch } }, condition, { returnRow: false }));
}

/** The old mixer's output has stopped at `tsMs` of its timeline. */
export async function markHandedOver(store: TableStore, table: string, roomId: string, epoch: number, tsMs: number) {
  const condition = { row: 'EXPECT_EXIST' as const, column: columnEquals('handoverFrom', epoch) };
  return ifCondition(() =>
    store.updateRow(table, roomKey(roomId), { put: { handedOver: epoch, handedOverTsMs: Math.round(tsMs) } }, condition, { returnRow: false }),
  );
}
