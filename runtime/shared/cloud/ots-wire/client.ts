/**
 * A dependency-free Table Store (OTS) data-plane client for the six row operations the handlers use (GetRow, PutRow,
 * UpdateRow, DeleteRow, GetRange, BatchWriteRow), byte-compatible with the `tablestore` 5.4.1 SDK, whose 45,898-line
 * compiled protobuf module cost a cold start about 90 ms (issue 11). Wire details cite the SDK file they come from
 * (node_modules/tablestore/lib); test/runtime/shared/cloud/ots-wire-*.test.ts send the same calls through the SDK and
 * this client and compare the bytes. Request validation (batch size, range limit, condition count, one operation per
 * column) stays with the TableStore adapter (table-store-limits.ts).
 */
import { createHash, createHmac } from 'node:crypto';
import type { Attributes, BatchWrite, Condition, PrimaryKey, RowUpdate } from '../../ports';
import { readBody, responseHeader, sendRequest } from '../keep-alive-http';
import { decode, encode, type BatchRowResult, type GetRangeOptions, type RangeResult } from './messages';
export interface OtsCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

/**
 * The x-ots-* headers with x-ots-signature: base64 HMAC-SHA1 over
 * "/<Action>\nPOST\n\n" + sorted "name:value" lines joined by "\n" + "\n" (signer.js stringToSign).
 */
export function signedHeaders(
  action: string,
  body: Buffer,
  instanceName: string,
  credentials: OtsCredentials,
  date = new Date(),
): Record<string, string> {
  const headers: Record<string, string> = {
    'x-ots-apiversion': '2015-12-31', // client.js populateHeader
    'x-ots-instancename': instanceName,
    'x-ots-contentmd5': createHash('md5').update(body).digest('base64'), // client.js computeContentMd5
    'x-ots-date': date.toISOString(), // util.js date.iso8601
    'x-ots-accesskeyid': credentials.accessKeyId,
  };
  if (credentials.securityToken) headers['x-ots-ststoken'] = credentials.securityToken;
  headers['x-ots-signature'] = createHmac('sha1', credentials.accessKeySecret).update(stringToSign(action, headers)).digest('base64');
  return headers;
}

export function stringToSign(action: string, headers: Record<string, string>): string {
  const canonical = Object.keys(headers)
    .filter((name) => /^x-ots-/i.test(name) && name.toLowerCase() !== 'x-ots-signature')
    .sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1))
    .map((name) => `${name.toLowerCase()}:${headers[name]}`)
    .join('\n');
  return `/${action}\nPOST\n\n${canonical}\n`;
}

/** A failed call: the service's protobuf Error code (e.g. OTSConditionCheckFail), or the HTTP status name. */
export class OtsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly requestId?: string,
  ) {
    super(message);
    this.name = 'OtsError';
  }
}

/** client.js extractError's names for bodiless answers. */
const STATUS_CODES: Record<number, string> = { 304: 'NotModified', 400: 'BadRequest', 403: 'Forbidden', 404: 'NotFound' };

function otsError(status: number, body: Buffer, requestId: string | undefined): OtsError {
  let parsed: { code?: string; message?: string } = {};
  try {
    if (body.length > 0) parsed = decode.error(body);
  } catch {
    // not a protobuf Error (a proxy's HTML page, …): keep the text as the message
  }
  const code = parsed.code || STATUS_CODES[status] || `HTTP${status}`;
  return new OtsError(code, parsed.message ?? (parsed.code ? '' : body.toString('utf8')), status, requestId);
}

export interface OtsWireClientOptions {
  /** e.g. `https://<instance>.<region>.vpc.tablestore.aliyuncs.com` */
  endpoint: string;
  instanceName: string;
  credentials: OtsCredentials;
  /** Abort a call after this many milliseconds; default none, as the SDK. */
  timeoutMs?: number;
}

export class OtsWireClient {
  private readonly url: URL;

  constructor(private readonly options: OtsWireClientOptions) {
    this.url = new URL(options.endpoint);
  }

  async getRow(table: string, key: PrimaryKey): Promise<Attributes | undefined> {
    return decode.getRow(await this.call('GetRow', encode.getRow(table, key)));
  }

  async putRow(table: string, key: PrimaryKey, attributes: Attributes, condition?: Condition): Promise<void> {
    await this.call('PutRow', encode.putRow(table, key, attributes, condition));
  }

  /** With `returnColumns`, the row answers those columns after the change (RT_AFTER_MODIFY); else {}. */
  async updateRow(table: string, key: PrimaryKey, update: RowUpdate, condition?: Condition, returnColumns?: string[]): Promise<Attributes> {
    return decode.updateRow(await this.call('UpdateRow', encode.updateRow(table, key, update, condition, returnColumns)));
  }

  async deleteRow(table: string, key: PrimaryKey, condition?: Condition): Promise<void> {
    await this.call('DeleteRow', encode.deleteRow(table, key, condition));
  }

  async getRange(table: string, start: PrimaryKey, end: PrimaryKey, options: GetRangeOptions = {}): Promise<RangeResult> {
    return decode.getRange(await this.call('GetRange', encode.getRange(table, start, end, options)));
  }

  /** One result per row in request order; row failures come back inside a successful answer. */
  async batchWriteRow(table: string, writes: BatchWrite[]): Promise<BatchRowResult[]> {
    return decode.batchWriteRow(await this.call('BatchWriteRow', encode.batchWriteRow(table, writes)));
  }

  /**
   * POST <endpoint>/<Action> (client.js populateURI), the answer's body or an OtsError; over keep-alive-http.ts (kept
   * connections, one resend after a stale socket), no other retry: FC retries the handler.
   */
  private async call(action: string, body: Buffer): Promise<Buffer> {
    const headers = signedHeaders(action, body, this.options.instanceName, this.options.credentials);
    const { timeoutMs } = this.options;
    const res = await sendRequest({
      origin: this.url,
      path: `/${action}`,
      method: 'POST',
      headers: { ...headers, 'content-length': String(body.length) },
      body,
      ...(timeoutMs !== undefined
        ? { idleTimeoutMs: timeoutMs, timeoutError: () => new OtsError('TimeoutError', `${action} timed out after ${timeoutMs} ms`, 0) }
        : {}),
    });
    const answer = await readBody(res);
    const status = res.statusCode ?? 0;
    if (status === 200) return answer;
    throw otsError(status, answer, responseHeader(res, 'x-ots-requestid') ?? responseHeader(res, 'x-ots-request-id'));
  }
}
