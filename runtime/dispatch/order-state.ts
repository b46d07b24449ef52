/**
 * The order state machine: CREATED → OFFERED → ASSIGNED → PICKED_UP → DELIVERED, and CANCELLED
 * from CREATED, OFFERED or ASSIGNED. `ready` (the seller's food is ready) is a flag, not a state.
 * Offer rounds move CREATED ⇄ OFFERED internally (offers.ts); no endpoint can.
 */
import { HttpError } from '../shared/http';
import type { OrderStatus } from './order-record';

export type OrderAction = 'accept' | 'pickup' | 'deliver' | 'cancel' | 'ready';

export const ORDER_ACTIONS: Record<OrderAction, { from: readonly OrderStatus[]; to?: OrderStatus }> = {
  accept: { from: ['OFFERED'], to: 'ASSIGNED' },
  pickup: { from: ['ASSIGNED'], to: 'PICKED_UP' },
  deliver: { from: ['PICKED_UP'], to: 'DELIVERED' },
  cancel: { from: ['CREATED', 'OFFERED', 'ASSIGNED'], to: 'CANCELLED' },
  ready: { from: ['CREATED', 'OFFERED', 'ASSIGNED'] },
};

export function checkTransition(action: OrderAction, status: OrderStatus): void {
  if (!ORDER_ACTIONS[action].from.includes(status)) {
    throw new HttpError(409, 'invalid_transition', `cannot ${action} an order that is ${status}`, undefined, { currentState: status });
  }
}

/** Optimistic writes retried this many times against concurrent changes before answering 503. */
export const WRITE_ATTEMPTS = 8;

export const contention = () => new HttpError(503, 'contention', 'the order is changing too fast; retry the request');
