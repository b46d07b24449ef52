/** The event API Gateway sends an API function for a request: what local servers, tests and benchmarks call it with. */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fixturesDir } from './event-fixtures';
import type { Router } from '../http';

/** A request as it reaches API Gateway. */
export interface GatewayRequest {
  method: string;
  /** Path and query as on the request line, e.g. `/orders/o1?verbose=1`. */
  url: string;
  /** Names as the client sent them. */
  headers: Record<string, string>;
  body: Buffer;
  remoteAddress?: string;
}

/** Connection-level headers a proxy does not pass on. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'proxy-connection', 'proxy-authorization']);

let sample: Record<string, unknown> | undefined;

function apigwSample(): Record<string, unknown> {
  sample ??= JSON.parse(readFileSync(path.join(fixturesDir(), 'apigw-request.json'), 'utf8')) as Record<string, unknown>;
  return sample;
}

/**
 * The event API Gateway sends the function for `request`: the official sample with every field
 * rewritten. Path parameters come from the API's own route table (`routes`), named as the API definitions
 * name them; the body is Base64 with isBase64Encoded true, as API Gateway sends it.
 */
export function apiGatewayEvent(request: GatewayRequest, routes: Router<unknown>): Record<string, unknown> {
  const url = new URL(request.url, 'http://gateway.local');
  const method = request.method.toUpperCase();
  const match = routes.match(method, url.pathname);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (!HOP_BY_HOP.has(name.toLowerCase())) headers[name] = value;
  }
  const client = request.remoteAddress ?? '127.0.0.1';
  const host = Object.entries(request.headers).find(([name]) => name.toLowerCase() === 'host')?.[1] ?? url.host;
  Object.assign(headers, {
    'X-Ca-Api-Gateway': randomUUID().toUpperCase(),
    'X-Forwarded-For': client,
    'X-Real-IP': client,
    'X-Forwarded-Proto': 'http',
    'CA-Host': host,
  });
  return {
    ...apigwSample(),
    body: request.body.toString('base64'),
    headers,
    httpMethod: method,
    isBase64Encoded: true,
    path: url.pathname,
    pathParameters: match.kind === 'found' ? match.params : {},
    queryParameters: Object.fromEntries(url.searchParams),
  };
}
