/**
 * A dependency-free Table Store (OTS) data-plane client for the six row operations the handlers use (GetRow, PutRow,
 * UpdateRow, DeleteRow, GetRange, BatchWriteRow), byte-compatible with the `tablestore` 5.4.1 SDK, whose 45,898-line
 * compiled protobuf module cost a cold start about 90 ms (issue 11). Wire details cite the SDK file they come from
 * (node_modules/tablestore/lib); test/runtime/shared/cloud/ots-wire-*.test.ts send the same calls through the SDK and
 * this client and compare the bytes. Request validation (batch size, range limit, condition count, one operation per
 * column) stays with the TableStore adapter (table-store-limits.ts).
 */
import { createHash, createHmac } from 'node:crypto';
import * as http from 'node:http';
import * as https from 'node:https';
import type { Attributes, BatchWrite, Condition, PrimaryKey, RowUpdate } from '../../ports';
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

const FREE_SOCKET_MS = 4000;

export class OtsWireClient {
  private readonly url: URL;
  // Keep-alive: a warm function instance reuses its TLS connection for every call.
  private readonly agent: http.Agent;

  constructor(private readonly options: OtsWireClientOptions) {
    this.url = new URL(options.endpoint);
    // Idle sockets are dropped after FREE_SOCKET_MS, as for OSS (oss-client.ts): FC freezes instances between calls.
    const agentOptions = { keepAlive: true, timeout: FREE_SOCKET_MS };
    this.agent = this.url.protocol === 'https:' ? new https.Agent(agentOptions) : new http.Agent(agentOptions);
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
   * POST <endpoint>/<Action> (client.js populateURI), the answer's body or an OtsError. Sent again once only when a
   * kept-alive socket turns out closed before any answer (ECONNRESET on a reused socket: the request was never read,
   * https://nodejs.org/api/http.html#requestreusedsocket); any other failure is the caller's (FC retries the handler).
   */
  private async call(action: string, body: Buffer): Promise<Buffer> {
    try {
      return await this.callOnce(action, body);
    } catch (err) {
      if ((err as { staleSocket?: boolean }).staleSocket) return this.callOnce(action, body);
      throw err;
    }
  }

  private callOnce(action: string, body: Buffer): Promise<Buffer> {
    const headers = signedHeaders(action, body, this.options.instanceName, this.options.credentials);
    const transport = this.url.protocol === 'https:' ? https : http;
    return new Promise<Buffer>((resolve, reject) => {
      const req = transport.request(
        {
          protocol: this.url.protocol,
          hostname: this.url.hostname,
          port: this.url.port || undefined,
          path: `/${action}`,
          method: 'POST',
          agent: this.agent,
          headers: { ...headers, 'content-length': String(body.length) },
          timeout: this.options.timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const answer = Buffer.concat(chunks);
            const status = res.statusCode ?? 0;
            const requestId = header(res.headers['x-ots-requestid'] ?? res.headers['x-ots-request-id']);
            if (status === 200) resolve(answer);
            else reject(otsError(status, answer, requestId));
          });
        },
      );
      req.on('timeout', () => req.destroy(new OtsError('TimeoutError', `${action} timed out after ${this.options.timeoutMs} ms`, 0)));
      req.on('error', (err: NodeJS.ErrnoException) =>
        reject(req.reusedSocket && err.code === 'ECONNRESET' ? Object.assign(err, { staleSocket: true }) : err),
      );
      req.end(body);
    });
  }
}

const header = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);
