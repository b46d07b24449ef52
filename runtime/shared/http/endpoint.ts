/** What an API endpoint gets, and what it answers; D is the pattern's deps. */
import type { ApiGatewayRequest } from '../events/apigw';
import type { Logger } from '../log';
import type { JsonObject } from './json-body';
import type { ApiGatewayResponse } from './response';

export interface EndpointContext<D> {
  deps: D;
  log: Logger;
  request: ApiGatewayRequest;
  /** Path parameters of the matched route, e.g. `{ id }`: API Gateway's, else parsed from the path. */
  params: Record<string, string>;
  /** The JSON body (size-checked and parsed on first call; throws HttpError). */
  body(): JsonObject;
}

export type Endpoint<D> = (ctx: EndpointContext<D>) => Promise<ApiGatewayResponse>;
