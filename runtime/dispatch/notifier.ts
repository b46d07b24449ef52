/**
 * Notifier (invoked asynchronously with `{ orderId }`; FC retries it): sends the order row's outbox
 * (shared/outbox). Due markers are the sweeper's to drop, once it repeated the writer's follow-ups.
 */
import type { FcContext } from '../shared/context';
import { isRecord, MalformedEventError, parseJsonEvent } from '../shared/events/malformed-event-error';
import { parseTriggerEvent } from '../shared/events/parse-trigger-event';
import { loggerFor } from '../shared/log';
import { sendOutbox } from '../shared/outbox';
import type { DispatchDeps } from './deps';
import { orderKey } from './order-record';

export interface NotifierResult {
  orderId?: string;
  sent: string[];
  failed: string[];
  malformed?: string;
}

export function parseNotifierEvent(event: Buffer): { orderId: string } {
  const root = parseJsonEvent(event);
  if (!isRecord(root)) throw new MalformedEventError('$', 'expected a JSON object');
  if (typeof root.orderId !== 'string' || root.orderId === '') throw new MalformedEventError('orderId', 'expected a non-empty string');
  return { orderId: root.orderId };
}

export function createNotifier(deps: DispatchDeps) {
  return async (event: Buffer, ctx: FcContext): Promise<NotifierResult> => {
    const log = loggerFor(ctx, deps.log);
    const parsed = parseTriggerEvent(log, 'malformed notifier event', () => parseNotifierEvent(event));
    if (!parsed.ok) return { sent: [], failed: [], malformed: parsed.error.message };
    const { orderId } = parsed.event;
    const outbox = { table: deps.settings.tables.orders, key: orderKey(orderId), id: orderId, pushParameters: { orderId } };
    const result = await sendOutbox(deps, outbox, { requestId: ctx.requestId, maxSendAttempts: deps.settings.maxSendAttempts, log });
    if (!result) log.warn('notifier: no such order', { orderId });
    return { orderId, ...(result ?? { sent: [], failed: [] }) };
  };
}
