/** What an API endpoint gets, and what it answers. */
import type { ApiGatewayRequest } from '../shared/events/apigw';
import type { ApiGatewayResponse } from '../shared/http-response';
import type { Logger } from '../shared/log';
import type { DispatchDeps } from './deps';
import type { JsonObject } from './validate';

export interface EndpointContext {
  deps: DispatchDeps;
  log: Logger;
  request: ApiGatewayRequest;
  /** Path parameters of the matched route, e.g. `{ id }`. */
  params: Record<string, string>;
  /** The JSON body (size-checked and parsed on first call; throws HttpError). */
  body(): JsonObject;
}

export type Endpoint = (ctx: EndpointContext) => Promise<ApiGatewayResponse>;
