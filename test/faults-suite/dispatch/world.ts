/**
 * The dispatch pattern's local wiring with every invocation's ports behind its own gate: the API,
 * and the notifier, sweeper and failure handler as the LocalInvoker runs them (FC's retries with the
 * same requestId, then the on-failure destination). Clients call the API through a client model.
 */
import { createApiHandler } from '../../../runtime/dispatch/api';
import type { DispatchDeps } from '../../../runtime/dispatch/deps';
import { createFailureHandler } from '../../../runtime/dispatch/failure';
import { createLocalDispatch, LOCAL_DISPATCH_FUNCTIONS, type LocalDispatch } from '../../../runtime/dispatch/local-dispatch';
import { createNotifier } from '../../../runtime/dispatch/notifier';
import { createOfferSweeper } from '../../../runtime/dispatch/offer-sweeper';
import { DISPATCH_DEFAULT_RETRIES, DISPATCH_FUNCTIONS, type DispatchSettings } from '../../../runtime/dispatch/settings';
import { FixedClock } from '../../../runtime/shared/clock';
import type { FcContext } from '../../../runtime/shared/context';
import type { Invoker } from '../../../runtime/shared/ports';
import { registerManifestFunctions } from '../../../runtime/shared/local/register-functions';
import { wrap } from '../../faults/fault-run';
import { apiEvent, T0, type Reply } from '../../runtime/dispatch/dispatch-harness';
import { asClient, type ClientModel } from '../clients';
import { unreachable, type Invocations } from '../invocations';


export interface World {
  local: LocalDispatch;
  clock: FixedClock;
  /** What clients were told: couriers an accept answered 200 for, and orders a create answered 2xx with, per key. */
  accepted: Map<string, Set<string>>;
  created: Map<string, Set<string>>;
  api(method: string, urlPath: string, body?: unknown): Promise<Reply>;
  /** One timer firing of the offer sweeper (asynchronous, as FC's timer trigger invokes it). */
  sweep(): Promise<void>;
  /** An extra notifier invocation for the order, as a sweep or a replayed request queues it. */
  notify(orderId: string): Promise<void>;
  /** From now on every port call of `fn`'s invocations fails as a network error does (none: the outage ends). */
  outage(fn?: string): void;
}

/** An API Gateway event as `METHOD /path`. */
function request(event: Buffer): string {
  const { httpMethod, path } = JSON.parse(event.toString('utf8')) as { httpMethod: string; path: string };
  return `${httpMethod} ${path}`;
}

type Make = (deps: DispatchDeps) => (event: Buffer, ctx: FcContext) => Promise<unknown>;

export function dispatchWorld(settings: DispatchSettings, invocations: Invocations, client: ClientModel): World {
  const clock = new FixedClock(T0);
  const local = createLocalDispatch({ settings, clock });
  let down: string | undefined;
  const gated = (fn: string, make: Make) => (event: Buffer, ctx: FcContext) => {
    const attempt = invocations.attempt(fn, ctx.requestId, fn === 'api' ? request(event) : fn);
    const gate = down === fn ? unreachable(fn, attempt) : attempt;
    const ports = { store: wrap(local.store, 'store', gate), push: wrap(local.push, 'push', gate) };
    return make({ ...local.deps, ...ports, invoker: wrap<Invoker>(local.invoker, 'invoker', gate) })(event, ctx);
  };
  const api = gated('api', createApiHandler);
  registerManifestFunctions(
    local.invoker,
    'dispatch',
    DISPATCH_FUNCTIONS,
    {
      apiFunction: api,
      notifier: gated('notifier', createNotifier),
      offerSweeper: gated('sweeper', createOfferSweeper),
      failureHandler: gated('failure', createFailureHandler),
    },
    { maxRetries: DISPATCH_DEFAULT_RETRIES, maxSendAttempts: settings.maxSendAttempts },
  );
  const accepted = new Map<string, Set<string>>();
  const created = new Map<string, Set<string>>();
  const send = async (method: string, urlPath: string, body?: unknown): Promise<Reply> => {
    const res = (await api(apiEvent(method, urlPath, body), local.context('dispatch-api'))) as { statusCode: number; body: string };
    return { status: res.statusCode, body: JSON.parse(res.body), headers: {} };
  };
  const note = (into: Map<string, Set<string>>, key: string, value: string) => into.set(key, (into.get(key) ?? new Set()).add(value));
  return {
    local,
    clock,
    accepted,
    created,
    async api(method, urlPath, body) {
      const reply = await asClient(client, () => send(method, urlPath, body));
      const order = reply.status < 300 ? reply.body.order : undefined;
      if (order && urlPath.endsWith('/accept')) note(accepted, order.orderId, (body as { courierId: string }).courierId);
      if (order && urlPath === '/orders') note(created, (body as { idempotencyKey: string }).idempotencyKey, order.orderId);
      return reply;
    },
    async sweep() {
      await local.invoker.invokeAsync(LOCAL_DISPATCH_FUNCTIONS.offerSweeper, {});
      await local.invoker.drain();
    },
    async notify(orderId) {
      await local.invoker.invokeAsync(LOCAL_DISPATCH_FUNCTIONS.notifier, { orderId });
      await local.invoker.drain();
    },
    outage(fn) {
      down = fn;
    },
  };
}
