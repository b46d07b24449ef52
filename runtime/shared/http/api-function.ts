/**
 * An API function (API Gateway "FCEvent" backend): parses the event, routes it by the pattern's
 * declared routes, limits and parses the body, and answers in API Gateway's format. Endpoints throw
 * HttpError for refusals; anything else is a 500 (logged), never a thrown invocation error (API
 * Gateway would answer 502 with no body).
 */
import type { FcContext } from '../context';
import { parseApiGatewayEvent } from '../events/apigw';
import { parseTriggerEvent } from '../events/parse-trigger-event';
import { loggerFor, type LogWriter } from '../log';
import type { Endpoint } from './endpoint';
import { HttpError } from './http-error';
import { checkBodySize, readJsonBody, type JsonObject } from './json-body';
import { error, type ApiGatewayResponse } from './response';
import type { Router } from './router';

export interface ApiFunctionOptions<D> {
  router: Router<Endpoint<D>>;
  deps: D;
  logWriter: LogWriter;
  /** Larger request bodies are refused with 413. */
  maxBodyBytes: number;
}

export function createApiFunction<D>({ router, deps, logWriter, maxBodyBytes }: ApiFunctionOptions<D>) {
  return async (event: Buffer, ctx: FcContext): Promise<ApiGatewayResponse> => {
    const log = loggerFor(ctx, logWriter);
    const parsed = parseTriggerEvent(log, 'malformed API Gateway event', () => parseApiGatewayEvent(event));
    if (!parsed.ok) return error(400, 'malformed_event', parsed.error.message, parsed.error.path);
    const request = parsed.event;
    const match = router.match(request.method, request.path);
    if (match.kind === 'not-found') return error(404, 'route_not_found', `no API at ${request.path}`);
    if (match.kind === 'method-not-allowed') {
      const message = `${request.method} is not allowed on ${request.path}`;
      return error(405, 'method_not_allowed', message, undefined, { allowed: match.allowed }, { allow: match.allowed.join(', ') });
    }
    const { gatewayRequestId } = request;
    const routeLog = log.child({ method: request.method, path: request.path, ...(gatewayRequestId ? { gatewayRequestId } : {}) });
    let body: JsonObject | undefined;
    const { body: raw } = request;
    try {
      // Also for endpoints that never read the body.
      checkBodySize(raw, maxBodyBytes);
      return await match.handler({
        deps,
        log: routeLog,
        request,
        // API Gateway decoded them by the API's definition; the path is parsed only for what it left out.
        params: { ...match.params, ...request.pathParameters },
        body: () => (body ??= readJsonBody(raw, maxBodyBytes)),
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
