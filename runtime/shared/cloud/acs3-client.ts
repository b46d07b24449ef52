/**
 * One signed call to an Alibaba Cloud OpenAPI with signature V3 (ACS3-HMAC-SHA256), which every API
 * of OpenAPI Explorer accepts, RPC style (parameters in the query) and ROA style alike
 * (https://www.alibabacloud.com/help/en/sdk/product-overview/v3-request-structure-and-signature).
 * It needs no SDK, so it works on every runtime (custom.debian10 has no @alicloud/pop-core).
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { percentEncode, signAcs3, type Acs3Credentials } from './acs3-signature';

export interface Acs3Call {
  endpoint: URL;
  method: 'GET' | 'POST' | 'PUT';
  /** Already percent-encoded per segment. */
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: Buffer;
  action: string;
  version: string;
}

/** An API answered with an error: its HTTP status and the `Code` of its JSON body. */
export class Acs3ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'Acs3ApiError';
  }
}

const TIMEOUT_MS = 30_000;

/** Sends the call; resolves with the parsed JSON body (or {} when empty), throws Acs3ApiError on a non-2xx answer. */
export async function callAcs3<T = Record<string, unknown>>(call: Acs3Call, credentials: Acs3Credentials): Promise<T> {
  const body = call.body ?? Buffer.alloc(0);
  const headers = signAcs3(
    {
      method: call.method,
      host: call.endpoint.host,
      path: call.path,
      query: call.query,
      headers: call.headers ?? {},
      body,
      action: call.action,
      version: call.version,
    },
    credentials,
  );
  const search = Object.entries(call.query ?? {})
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`)
    .join('&');
  const url = new URL(call.path + (search ? `?${search}` : ''), call.endpoint);
  const { status, text } = await send(url, call.method, headers, body);
  const parsed = parseJson(text);
  if (status < 200 || status >= 300) {
    const code = String(parsed?.Code ?? parsed?.code ?? `HTTP${status}`);
    const message = String(parsed?.Message ?? parsed?.message ?? text);
    throw new Acs3ApiError(status, code, `${call.action} failed: ${status} ${code} ${message}`);
  }
  return (parsed ?? {}) as T;
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function send(url: URL, method: string, headers: Record<string, string>, body: Buffer): Promise<{ status: number; text: string }> {
  const client = url.protocol === 'http:' ? http : https;
  return new Promise((resolve, reject) => {
    const req = client.request(url, { method, headers: { ...headers, 'content-length': String(body.length) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.setTimeout(TIMEOUT_MS, () => req.destroy(new Error(`${headers['x-acs-action']} timed out after ${TIMEOUT_MS / 1000}s`)));
    req.on('error', reject);
    req.end(body);
  });
}
