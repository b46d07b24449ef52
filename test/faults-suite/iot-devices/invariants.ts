/**
 * The device invariants, checked once a scenario settled (every delayed check ran): every real
 * transition was told once to every owner kind, in order, and nothing else was (no flap, no stale
 * status, no second delivery of a notification); the stored status is the latest by device time;
 * nothing is left unsent or failed in the outbox; no message was lost to MNS's retries.
 */
import { DEVICE_OUTBOX_CAPACITY } from '../../../runtime/iot/settings';
import { readOutbox } from '../../../runtime/shared/outbox';
import type { Violation } from '../violations';
import type { DeviceScenario } from './scenarios';
import { DEVICE_ID, type DeviceWorld } from './world';

export async function deviceViolations(w: DeviceWorld, scenario: DeviceScenario): Promise<Violation[]> {
  const found: Violation[] = [];
  const report = (invariant: string, detail: unknown) => found.push({ invariant, detail: JSON.stringify(detail) });
  if (w.undelivered > 0) report('MNS delivers every message', { undelivered: w.undelivered });
  const delivered = w.local.push.sent;
  const ids = delivered.map((p) => `${p.extParameters?.notificationId} ${p.target}`);
  const twice = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (twice.length > 0) report('no notification is delivered twice', { twice });
  const kinds = [...new Set(scenario.owners.map((o) => o.split(':')[0].toUpperCase()))];
  for (const kind of kinds) {
    const told = delivered.filter((p) => p.target === kind).map((p) => p.extParameters?.status);
    const expected = scenario.toldByKind?.[kind] ?? scenario.told;
    // A bind or unbind the client was not told of (it gave up on a 5xx) may or may not have landed.
    const unsure = scenario.owners.some((o) => o.toUpperCase().startsWith(`${kind}:`) && w.everUnsure.has(o));
    if (!unsure && JSON.stringify(told) !== JSON.stringify(expected)) {
      report('every real transition is told once, and nothing else', { kind, told, expected });
    }
  }
  for (const [owner, bound] of [...w.bound].filter(([o]) => !w.unsure.has(o))) {
    const rows = await w.local.store.getRow(w.local.deps.settings.tables.deviceOwners, [['deviceId', DEVICE_ID], ['owner', owner]]);
    if (Boolean(rows) !== bound) report('what a client was told of a binding holds', { owner, told: bound, stored: Boolean(rows) });
  }
  const row = await w.local.store.getRow(w.local.deps.settings.tables.devices, [['deviceId', DEVICE_ID]]);
  const last = scenario.told[scenario.told.length - 1];
  if (row?.status !== last || row?.notifiedStatus !== last) {
    report('the stored status is the latest', { status: row?.status, notified: row?.notifiedStatus });
  }
  const entries = row ? readOutbox(DEVICE_ID, row, DEVICE_OUTBOX_CAPACITY) : [];
  const open = entries.filter((e) => e.state !== 'SENT');
  if (open.length > 0) report('every notification ends SENT', open.map((e) => ({ id: e.id, state: e.state, error: e.error })));
  if (w.local.invoker.dropped.length > 0) report('no check is dropped', w.local.invoker.dropped.map((d) => d.functionName));
  return found;
}
