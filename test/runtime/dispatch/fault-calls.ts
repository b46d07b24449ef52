/** One dispatch invocation on a store of the test's choosing (a faulty or pausing wrapper over the harness's store). */
import { createApiHandler } from '../../../runtime/dispatch/api';
import { createOfferSweeper, type SweepResult } from '../../../runtime/dispatch/offer-sweeper';
import type { TableStore } from '../../../runtime/shared/ports';
import { apiEvent, type Harness, type Reply } from './dispatch-harness';

/** An API request served with `store`; a fault inside answers 500, as the API function does. */
export async function callOn(h: Harness, store: TableStore, method: string, urlPath: string, body?: unknown): Promise<Reply> {
  const res = await createApiHandler({ ...h.deps, store })(apiEvent(method, urlPath, body), h.context('dispatch-api'));
  return { status: res.statusCode, body: JSON.parse(res.body), headers: res.headers };
}

/** One sweeper invocation with `store`; FC's retry of it passes the same requestId. The error when it threw. */
export async function sweepOn(h: Harness, store: TableStore, requestId: string): Promise<SweepResult | Error> {
  return createOfferSweeper({ ...h.deps, store })(Buffer.from('{}'), h.context('dispatch-offer-sweeper', requestId)).catch((err: Error) => err);
}

export const orderBody = (idempotencyKey: string, sellerId = 's1') => ({
  sellerId,
  items: [{ name: 'noodles', quantity: 2 }],
  dropoff: { lat: 30.2841, lon: 120.1651 },
  idempotencyKey,
});
