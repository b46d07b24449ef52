/**
 * One mixer per room at a time: a lease on the room row.
 *   mixerEpoch   INTEGER, bumped by every start: names the mixer that holds the lease
 *   leaseUntil   INTEGER ms; the holder renews it with a heartbeat, conditional on still holding it
 *   mixerClaim   STRING, written by the invocation that runs the epoch's mixer
 * A start takes the lease only when it is free (absent or past) and the epoch is the one read, so two
 * starts racing (a callback and the watchdog) start one mixer; a mixer whose renewal fails has been
 * taken over and stops (its output is the next one's to push). FC delivers an asynchronous invocation at
 * least once, so the mixer of an epoch first claims it: a second delivery of the same start finds it claimed
 * and stops before it pushes anything; renewals and the release hold the claim too.
 */
import type { ColumnCondition, TableStore } from '../shared/ports';
import { columnAbsent, columnEquals, ifCondition, numberAbsent } from '../shared/table-store';
import { roomKey } from './room-record';
import { LEASE_MS } from './settings';

/** Re-exported for the mixer and the watchdog (the construct reads it from settings). */
export { LEASE_MS };

export interface Lease {
  epoch: number;
  until: number;
}

export function leaseOf(row: Record<string, unknown> | undefined): Lease | undefined {
  const epoch = row?.mixerEpoch;
  const until = row?.leaseUntil;
  return typeof epoch === 'number' && typeof until === 'number' ? { epoch, until } : undefined;
}

/** The lease for a new mixer when the room is OPEN and the lease free at `now`; undefined when another holds it. */
export async function takeLease(store: TableStore, table: string, roomId: string, now: number, startGraceMs: number): Promise<Lease | undefined> {
  const row = await store.getRow(table, roomKey(roomId));
  if (!row || row.state !== 'OPEN') return undefined;
  const held = leaseOf(row);
  if (held && held.until > now) return undefined;
  const epoch = (held?.epoch ?? 0) + 1;
  const unchanged: ColumnCondition = held ? columnEquals('mixerEpoch', held.epoch) : numberAbsent('mixerEpoch');
  const lease = { epoch, until: now + startGraceMs };
  const condition = { row: 'EXPECT_EXIST' as const, column: { and: [columnEquals('state', 'OPEN'), unchanged] } };
  const took = await ifCondition(() =>
    store.updateRow(table, roomKey(roomId), { put: { mixerEpoch: epoch, leaseUntil: lease.until }, delete: ['mixerClaim'] }, condition, {
      returnRow: false,
    }),
  ).catch(async (err) => {
    // A write that landed while its answer was lost: the row holds this very lease (a racer at the same instant would start
    // a mixer with the same epoch, and the claim lets one of them run).
    const after = leaseOf(await store.getRow(table, roomKey(roomId)));
    if (after?.epoch === epoch && after.until === lease.until) return true;
    throw err;
  });
  return took ? lease : undefined;
}

/** Claims epoch `epoch` for the invocation that holds `claim` (random); false when another delivery of that start has it. */
export async function claimLease(store: TableStore, table: string, roomId: string, epoch: number, claim: string): Promise<boolean> {
  const condition = { row: 'EXPECT_EXIST' as const, column: { and: [columnEquals('mixerEpoch', epoch), columnAbsent('mixerClaim')] } };
  return ifCondition(() => store.updateRow(table, roomKey(roomId), { put: { mixerClaim: claim } }, condition, { returnRow: false }));
}

/** Extends the lease of mixer `epoch` (holding `claim`); false when it no longer holds it (taken over, or the room ended). */
export async function renewLease(store: TableStore, table: string, roomId: string, epoch: number, claim: string, now: number): Promise<boolean> {
  const held = [columnEquals('mixerEpoch', epoch), columnEquals('mixerClaim', claim), columnEquals('state', 'OPEN')];
  const condition = { row: 'EXPECT_EXIST' as const, column: { and: held } };
  return ifCondition(() => store.updateRow(table, roomKey(roomId), { put: { leaseUntil: now + LEASE_MS } }, condition, { returnRow: false }));
}

/** Gives the lease back (a mixer that stops on purpose), so the next start need not wait for it to lapse. */
export async function releaseLease(store: TableStore, table: string, roomId: string, epoch: number, claim: string): Promise<boolean> {
  const condition = { row: 'EXPECT_EXIST' as const, column: { and: [columnEquals('mixerEpoch', epoch), columnEquals('mixerClaim', claim)] } };
  return ifCondition(() => store.updateRow(table, roomKey(roomId), { put: { leaseUntil: 0 } }, condition, { returnRow: false }));
}
