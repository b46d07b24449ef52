/** The API skeleton every pattern's API function is built from, and the pieces its endpoints use. */
export { createApiFunction, type ApiFunctionOptions } from './api-function';
export type { Endpoint, EndpointContext } from './endpoint';
export { HttpError, notFound } from './http-error';
export { MAX_JSON_DEPTH, readJsonBody, type JsonObject } from './json-body';
export {
  invalidField,
  optionalInteger,
  optionalString,
  pathId,
  requiredEnum,
  requiredId,
  requiredObject,
  requiredString,
  requiredWellFormedString,
} from './request-fields';
export { error, json, type ApiGatewayResponse, type ErrorBody } from './response';
export { routerFor, Router, type RouteDeclaration, type RouteMatch } from './router';
