/**
 * The API function (API Gateway "FCEvent" backend): parses the event, routes it, and answers in
 * API Gateway's format. Endpoints throw HttpError for refusals; anything else is a 500 (logged),
 * never a thrown invocation error (API Gateway would answer 502 with no body).
 */
import type { FcContext } from '../shared/context';
import { parseApiGatewayEvent } from '../shared/events/apigw';
import { MalformedEventError } from '../shared/events/malformed-event-error';
import { error, type ApiGatewayResponse } from '../shared/http-response';
import { loggerFor } from '../shared/log';
import { acceptOrder } from './assignment';
import { courierLocation, courierStatus } from './couriers';
import type { DispatchDeps } from './deps';
import type { Endpoint } from './endpoint';
import { HttpError } from './http-error';
import { cancelOrder, deliverOrder, markReady, pickupOrder } from './order-actions';
import { createOrder, getOrderEndpoint } from './orders';
import { Router } from './router';
import { registerSeller } from './sellers';
import { DISPATCH_ROUTES, type DispatchRouteName } from './settings';
import { checkBodySize, readJsonBody, type JsonObject } from './validate';

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
export const DISPATCH_API = DISPATCH_ROUTES.reduce((router, r) => router.add(r.method, r.path, ENDPOINTS[r.name]), new Router<Endpoint>());

export function createApiHandler(deps: DispatchDeps) {
  return async (event: Buffer, ctx: FcContext): Promise<ApiGatewayResponse> => {
    const log = loggerFor(ctx, deps.log);
    let request;
    try {
      request = parseApiGatewayEvent(event);
    } catch (err) {
      if (!(err instanceof MalformedEventError)) throw err;
      log.logError(err, 'malformed API Gateway event');
      return error(400, 'malformed_event', err.message, err.path);
    }
    const match = DISPATCH_API.match(request.method, request.path);
    if (match.kind === 'not-found') return error(404, 'route_not_found', `no API at ${request.path}`);
    if (match.kind === 'method-not-allowed') {
      return error(405, 'method_not_allowed', `${request.method} is not allowed on ${request.path}`, undefined, { allowed: match.allowed }, { allow: match.allowed.join(', ') });
    }
    const routeLog = log.child({ method: request.method, path: request.path, ...(request.gatewayRequestId ? { gatewayRequestId: request.gatewayRequestId } : {}) });
    let body: JsonObject | undefined;
    const { body: raw } = request;
    try {
      // Also for endpoints that never read the body.
      checkBodySize(raw, deps.settings.maxBodyBytes);
      return await match.handler({
        deps,
        log: routeLog,
        request,
        params: { ...request.pathParameters, ...match.params },
        body: () => (body ??= readJsonBody(raw, deps.settings.maxBodyBytes)),
      });
    } catch (err) {
      if (err instanceof HttpError) {
        routeLog.info('request refused', { status: err.status, code: err.code, field: err.field });
        return error(err.status, err.code, err.message, err.field, err.details);
      }
      routeLog.logError(err, 'request failed');
      return error(500, 'internal_error', 'internal error; the request may be retried');
    }
  };
}
