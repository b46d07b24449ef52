/**
 * The event an FC 3.0 HTTP trigger sends an event function (sample: test/fixtures/events/fc3-http-trigger-event.json,
 * from devsapp/fc3): `{version: 'v1', rawPath, headers, queryParameters, body, isBase64Encoded, requestContext{http{method,
 * path, sourceIp}}}`; the function answers `{statusCode, headers, body}`
 * (https://www.alibabacloud.com/help/en/functioncompute/fc-3-0/user-guide/http-trigger-invoking-function).
 */
import { isRecord, MalformedEventError, parseJsonEvent } from './malformed-event-error';

export interface HttpTriggerRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  query: Record<string, string>;
  body: Buffer;
  sourceIp?: string;
}

export interface HttpTriggerResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export function parseHttpTriggerEvent(event: Buffer | string): HttpTriggerRequest {
  const root = parseJsonEvent(event);
  if (!isRecord(root) || root.version !== 'v1') throw new MalformedEventError('version', 'expected an FC 3.0 HTTP trigger event (version v1)');
  const http = isRecord(root.requestContext) && isRecord(root.requestContext.http) ? root.requestContext.http : undefined;
  if (!http || typeof http.method !== 'string') throw new MalformedEventError('requestContext.http.method', 'expected the request method');
  const strings = (value: unknown, path: string): Record<string, string> => {
    if (value === undefined || value === null) return {};
    if (!isRecord(value)) throw new MalformedEventError(path, 'expected an object of strings');
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v)]));
  };
  const body = typeof root.body === 'string' ? Buffer.from(root.body, root.isBase64Encoded === true ? 'base64' : 'utf8') : Buffer.alloc(0);
  return {
    method: http.method.toUpperCase(),
    path: typeof root.rawPath === 'string' ? root.rawPath : String(http.path ?? '/'),
    headers: strings(root.headers, 'headers'),
    query: strings(root.queryParameters, 'queryParameters'),
    body,
    ...(typeof http.sourceIp === 'string' ? { sourceIp: http.sourceIp } : {}),
  };
}

export function httpReply(statusCode: number, body: unknown): HttpTriggerResponse {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}
