/**
 * The dispatch invariants, checked once a scenario settled (issue 7): each check returns what it
 * saw broken instead of failing at the first, so a sweep of many cases can count them.
 */
import { MAX, MIN, type Attributes } from '../../../runtime/shared/ports';
import { readOutbox } from '../../../runtime/shared/outbox';
import type { FiredIn } from '../invocations';
import type { Violation } from '../violations';
import type { World } from './world';

type Row = Attributes & { id: string };

async function rows(w: World, table: string, key: string): Promise<Row[]> {
  const range = await w.local.store.getRange(table, [[key, MIN]], [[key, MAX]]);
  return range.rows.map((r) => ({ ...r.attributes, id: String(r.key[0][1]) }));
}

const SETTLED_NOTIFICATIONS = new Set(['SENT', 'FAILED']);
/** An offer that could not go out before its round ended is recorded EXPIRED, never pushed (shared/outbox). */
const settled = (state: string, kind: string) => SETTLED_NOTIFICATIONS.has(state) || (state === 'EXPIRED' && kind === 'OFFER');
const CARRYING = new Set(['ASSIGNED', 'PICKED_UP']);
const UNSETTLED = new Set(['CREATED', 'OFFERED']);

export async function dispatchViolations(w: World, fired: readonly FiredIn[]): Promise<Violation[]> {
  const { tables } = w.local.deps.settings;
  const orders = await rows(w, tables.orders, 'orderId');
  const couriers = await rows(w, tables.couriers, 'courierId');
  const found: Violation[] = [];
  const report = (invariant: string, detail: unknown) => found.push({ invariant, detail: JSON.stringify(detail) });
  for (const [orderId, told] of w.accepted) if (told.size > 1) report('one courier per order', { orderId, accepted: [...told] });
  for (const courier of couriers) {
    const carried = orders.filter((o) => o.courierId === courier.id && CARRYING.has(String(o.status))).length;
    const active = Number(courier.activeOrders ?? 0);
    if (active !== carried) report('activeOrders = ASSIGNED + PICKED_UP', { courierId: courier.id, active, carried });
  }
  const now = w.clock.now();
  const online = couriers.some((c) => c.status === 'ONLINE');
  for (const o of orders) {
    const expired = UNSETTLED.has(String(o.status)) && o.noCourierAt === undefined && Number(o.offerExpiresAt ?? 0) <= now;
    if (expired && online) report('no stranded offer', { orderId: o.id, status: o.status, round: o.offerRound });
    for (const entry of readOutbox(o.id, o)) {
      if (!settled(entry.state, entry.message.kind)) report('outbox settles', { id: entry.id, kind: entry.message.kind, state: entry.state });
    }
  }
  for (const [key, ids] of w.created) if (ids.size > 1) report('one order per idempotency key', { key, orders: [...ids] });
  const keys = new Map<string, number>();
  for (const o of orders) keys.set(String(o.idempotencyKey), (keys.get(String(o.idempotencyKey)) ?? 0) + 1);
  for (const [key, n] of keys) if (n > 1) report('one order per idempotency key', { key, rows: n });
  for (const [id, n] of pushCounts(w)) if (n > (inWindow(id, fired) ? 2 : 1)) report('one push per notification', { id, pushes: n });
  return found;
}

function pushCounts(w: World): Map<string, number> {
  const counts = new Map<string, number>();
  for (const p of w.local.push.sent) {
    const id = String(p.extParameters?.notificationId);
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

/**
 * The documented window (shared/outbox/send-outbox.ts): Push accepted the entry and the notifier
 * died, or lost Push's answer, before its SENT write; the entry is pushed once more.
 */
function inWindow(id: string, fired: readonly FiredIn[]): boolean {
  const pushed = (call: { port: string; args: unknown[] } | undefined) =>
    call?.port === 'push' && (call.args[0] as { extParameters?: Record<string, string> }).extParameters?.notificationId === id;
  return fired.some(
    (f) => (pushed(f.call) && (f.mode === 'kill-after' || f.mode === 'lost-response')) || (pushed(f.previous) && f.mode === 'kill-before'),
  );
}
