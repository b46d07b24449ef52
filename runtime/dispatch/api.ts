/** The dispatch API function: the shared API skeleton with the dispatch routes and their endpoints. */
import { createApiFunction, routerFor } from '../shared/http';
import { acceptOrder } from './assignment';
import { courierLocation, courierStatus } from './couriers';
import type { DispatchDeps } from './deps';
import type { Endpoint } from './endpoint';
import { cancelOrder, deliverOrder, markReady, pickupOrder } from './order-actions';
import { createOrder, getOrderEndpoint } from './orders';
import { registerSeller } from './sellers';
import { DISPATCH_ROUTES, type DispatchRouteName } from './settings';

const ENDPOINTS: Record<DispatchRouteName, Endpoint> = {
  CreateOrder: createOrder,
  GetOrder: getOrderEndpoint,
  CancelOrder: cancelOrder,
  AcceptOrder: acceptOrder,
  PickupOrder: pickupOrder,
  DeliverOrder: deliverOrder,
  OrderReady: markReady,
  CourierLocation: courierLocation,
  CourierStatus: courierStatus,
  RegisterSeller: registerSeller,
};

/** The routes the construct publishes (settings.ts), each with its endpoint. */
export const DISPATCH_API = routerFor<DispatchRouteName, Endpoint>(DISPATCH_ROUTES, ENDPOINTS);

export function createApiHandler(deps: DispatchDeps) {
  return createApiFunction({ router: DISPATCH_API, deps, logWriter: deps.log, maxBodyBytes: deps.settings.maxBodyBytes });
}
