/**
 * API Gateway → Function Compute event functions ("FCEvent" backend): the HTTP request arrives as
 * `{ path, httpMethod, headers, queryParameters, pathParameters, body, isBase64Encoded }` (official
 * sample in test/fixtures/events/apigw-request.json). The body is a string, Base64 when
 * isBase64Encoded is true. Answer with http/response.ts.
 */
import { isRecord, MalformedEventError, parseJsonEvent } from './malformed-event-error';

export interface ApiGatewayRequest {
  /** Upper case, e.g. `POST`. */
  method: string;
  path: string;
  /** Header names lower-cased (HTTP names are case-insensitive; API Gateway keeps the client's case). */
  headers: Record<string, string>;
  queryParameters: Record<string, string>;
  pathParameters: Record<string, string>;
  /** Decoded body bytes; empty when the request has none. */
  body: Buffer;
  /** API Gateway's request id (`X-Ca-Api-Gateway`), when present. */
  gatewayRequestId?: string;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Parses the event Buffer; throws MalformedEventError when it is not the documented shape. */
export function parseApiGatewayEvent(event: Buffer | string): ApiGatewayRequest {
  const root = parseJsonEvent(event);
  if (!isRecord(root)) throw new MalformedEventError('$', 'expected a JSON object');
  const method = root.httpMethod;
  if (typeof method !== 'string' || method === '') throw new MalformedEventError('httpMethod', 'expected a non-empty string');
  const path = root.path;
  if (typeof path !== 'string' || !path.startsWith('/')) throw new MalformedEventError('path', 'expected a string starting with /');
  const headers = stringMap(root.headers, 'headers');
  const lowerHeaders: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) lowerHeaders[name.toLowerCase()] = value;
  return {
    method: method.toUpperCase(),
    path,
    headers: lowerHeaders,
    queryParameters: stringMap(root.queryParameters, 'queryParameters'),
    pathParameters: stringMap(root.pathParameters, 'pathParameters'),
    body: decodeBody(root.body, base64Flag(root.isBase64Encoded)),
    ...(lowerHeaders['x-ca-api-gateway'] ? { gatewayRequestId: lowerHeaders['x-ca-api-gateway'] } : {}),
  };
}

/** The docs' table says Boolean; the docs' template shows "true|false" in quotes, so accept both. */
function base64Flag(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === 'false') return false;
  if (value === true || value === 'true') return true;
  throw new MalformedEventError('isBase64Encoded', 'expected a boolean');
}

function decodeBody(body: unknown, base64: boolean): Buffer {
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (typeof body !== 'string') throw new MalformedEventError('body', 'expected a string');
  if (!base64) return Buffer.from(body, 'utf8');
  const compact = body.replace(/\s+/g, '');
  // Buffer.from(…, 'base64') silently skips bad characters; a corrupt body must not pass as valid JSON bytes.
  if (!BASE64.test(compact) || compact.length % 4 === 1) throw new MalformedEventError('body', 'isBase64Encoded is true but body is not Base64');
  return Buffer.from(compact, 'base64');
}

/** Missing or null → {}; values must be strings (numbers and booleans are kept as their text). */
function stringMap(value: unknown, path: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) throw new MalformedEventError(path, 'expected an object');
  const map: Record<string, string> = {};
  for (const [key, v] of Object.entries(value)) {
    if (typeof v === 'string') map[key] = v;
    else if (typeof v === 'number' || typeof v === 'boolean') map[key] = String(v);
    else throw new MalformedEventError(`${path}.${key}`, 'expected a string');
  }
  return map;
}
