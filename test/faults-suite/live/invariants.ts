/**
 * The live invariants: one mixer per room at a time (checked as mixers start), no room live without a
 * mixer beyond the watchdog's bound (checked as time moves), and once the room ended: no mixer running,
 * none started after it, and the watchdog's chain gone.
 */
import { SETTINGS } from '../../runtime/live/live-harness';
import type { Violation } from '../violations';
import type { LiveWorld } from './world';

export async function liveViolations(w: LiveWorld): Promise<Violation[]> {
  const found: Violation[] = w.seen.map((s) => ({ invariant: s.invariant, detail: JSON.stringify(s.detail) }));
  const report = (invariant: string, detail: unknown) => found.push({ invariant, detail: JSON.stringify(detail) });
  if (!w.roomId) return found;
  const room = await w.store.getRow(SETTINGS.tables.rooms, [['roomId', w.roomId]]);
  const running = w.mixers.filter((m) => m.stoppedAt === undefined);
  if (room?.state === 'ENDED') {
    if (running.length > 0) report('no mixer running for an ended room', running);
    const late = w.mixers.filter((m) => m.startedAt > Number(room.endedAt));
    if (late.length > 0) report('no mixer started for an ended room', late);
  }
  if (w.invoker.pendingDelayed > 0 && (room?.state === 'ENDED' || running.length === 0)) {
    // A chain for a room that ended or idled out must have stopped (at most one last run pending is allowed).
    if (w.invoker.pendingDelayed > 1) report('the watchdog chain stops', { pending: w.invoker.pendingDelayed });
  }
  return found;
}
