/** The dispatch scenarios the suite enumerates: sequences of API calls, timer firings and notifier runs. */
import { orderIdFor } from '../../../runtime/dispatch/orders';
import type { DispatchSettings } from '../../../runtime/dispatch/settings';
import { near } from '../../runtime/dispatch/dispatch-harness';
import { orderBody } from '../../runtime/dispatch/fault-calls';
import type { World } from './world';

/** One thing a client or the platform does; awaited when it returns a promise. */
export type Step = (w: World) => unknown;

export interface DispatchScenario {
  name: string;
  settings?: Partial<DispatchSettings>;
  steps: Step[];
}

export const ORDER = orderIdFor('k1');

const seller: Step = (w) => w.api('POST', '/sellers', { sellerId: 's1', location: near(0) });
const courier = (id: string, meters: number): Step[] => [
  (w) => w.api('POST', `/couriers/${id}/status`, { status: 'ONLINE' }),
  (w) => w.api('POST', `/couriers/${id}/location`, { location: near(meters) }),
];
const order: Step = (w) => w.api('POST', '/orders', orderBody('k1'));
const drain: Step = (w) => w.local.invoker.drain();
const accept = (courierId: string): Step => (w) => w.api('POST', `/orders/${ORDER}/accept`, { courierId });
/** The courier the order went to, as its app knows from the accept's answer (c1 when none did). */
const winner = async (w: World) => [...(w.accepted.get(ORDER) ?? ['c1'])][0];
const byWinner = (action: string): Step => async (w) => w.api('POST', `/orders/${ORDER}/${action}`, { courierId: await winner(w) });
const setup: Step[] = [seller, ...courier('c1', 100), ...courier('c2', 300), order, drain];

export const DISPATCH_SCENARIOS: DispatchScenario[] = [
  {
    name: 'two couriers race to accept, the winner picks up and delivers',
    steps: [...setup, (w) => Promise.all([accept('c1')(w), accept('c2')(w)]), drain, byWinner('pickup'), byWinner('deliver'), drain],
  },
  {
    name: 'an accepted order is cancelled, then its notifier runs again',
    steps: [...setup, accept('c1'), (w) => w.api('POST', `/orders/${ORDER}/cancel`, {}), drain, (w) => w.notify(ORDER)],
  },
  {
    name: 'an offer expires, the sweeper offers the next courier, who accepts',
    settings: { offerSize: 1 },
    steps: [...setup, (w) => w.clock.advance(31_000), (w) => w.sweep(), accept('c2'), drain],
  },
  {
    // The failure handler's scenario: the notifier cannot reach Table Store for every try FC makes.
    name: 'Table Store is out for the notifier: FC gives up on it and hands it to the failure handler; a sweep re-queues it',
    settings: { offerSize: 1 },
    steps: [
      seller,
      ...courier('c1', 100),
      ...courier('c2', 300),
      (w) => w.outage('notifier'),
      order,
      drain,
      (w) => w.outage(),
      (w) => w.clock.advance(31_000),
      (w) => w.sweep(),
      accept('c1'),
      drain,
    ],
  },
];
