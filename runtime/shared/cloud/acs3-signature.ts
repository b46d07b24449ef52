/**
 * Alibaba Cloud OpenAPI signature V3 (ACS3-HMAC-SHA256), which Function Compute 3.0's ROA API
 * uses (FC "Signature mechanism" page; "V3 request syntax and signature" in the SDK docs).
 * pop-core 1.7.13 only signs the older V1/V2 styles, hence this small file.
 */
import { createHash, createHmac, randomUUID } from 'node:crypto';

export const ACS3_ALGORITHM = 'ACS3-HMAC-SHA256';

export interface Acs3Request {
  method: string;
  host: string;
  /** Path as sent, already percent-encoded per segment. */
  path: string;
  query?: Record<string, string>;
  /** Extra headers to send and sign (content-type, x-fc-*, …). */
  headers: Record<string, string>;
  body: Buffer;
  action: string;
  version: string;
}

export interface Acs3Credentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

/** Headers to send, Authorization included. `now` and `nonce` are parameters so tests can pin them. */
export function signAcs3(
  request: Acs3Request,
  credentials: Acs3Credentials,
  now: Date = new Date(),
  nonce: string = randomUUID(),
): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = value;
  headers.host = request.host;
  headers['x-acs-action'] = request.action;
  headers['x-acs-version'] = request.version;
  headers['x-acs-date'] = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  headers['x-acs-signature-nonce'] = nonce;
  headers['x-acs-content-sha256'] = sha256Hex(request.body);
  if (credentials.securityToken) headers['x-acs-security-token'] = credentials.securityToken;

  const canonicalRequest = acs3CanonicalRequest(request.method, request.path, request.query ?? {}, headers);
  const stringToSign = `${ACS3_ALGORITHM}\n${sha256Hex(Buffer.from(canonicalRequest, 'utf8'))}`;
  const signature = createHmac('sha256', credentials.accessKeySecret).update(stringToSign).digest('hex');
  headers.authorization =
    `${ACS3_ALGORITHM} Credential=${credentials.accessKeyId},` +
    `SignedHeaders=${signedHeaderNames(headers).join(';')},Signature=${signature}`;
  return headers;
}

/** Signed: host, content-type and every x-acs-* header (the documented minimum; all must be present when sent). */
function signedHeaderNames(headers: Record<string, string>): string[] {
  return Object.keys(headers)
    .filter((name) => name === 'host' || name === 'content-type' || name.startsWith('x-acs-'))
    .sort();
}

export function acs3CanonicalRequest(method: string, path: string, query: Record<string, string>, headers: Record<string, string>): string {
  const names = signedHeaderNames(headers);
  const canonicalQuery = Object.keys(query)
    .sort()
    .map((key) => `${percentEncode(key)}=${percentEncode(query[key])}`)
    .join('&');
  return [
    method.toUpperCase(),
    path,
    canonicalQuery,
    names.map((name) => `${name}:${headers[name].trim()}\n`).join(''),
    names.join(';'),
    headers['x-acs-content-sha256'],
  ].join('\n');
}

/** RFC 3986 encoding as the V3 docs require (`*` → %2A, `~` kept). */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function sha256Hex(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
