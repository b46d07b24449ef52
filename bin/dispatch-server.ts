/**
 * The dispatch API on a laptop: a loopback HTTP server that turns each request into the API Gateway
 * "FCEvent" event the cloud sends (built from the official sample), calls the API function with it
 * and writes its answer back. Like the deployed system it also runs the offer sweeper on a timer;
 * notifier work queued by either runs on the LocalInvoker as it arrives.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { DISPATCH_API } from '../runtime/dispatch/api';
import { LOCAL_DISPATCH_FUNCTIONS, type LocalDispatch } from '../runtime/dispatch/local-dispatch';
import { fixturesDir } from './fixtures';

export interface DispatchServerOptions {
  dispatch: LocalDispatch;
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Milliseconds between offer sweeps (the cloud's timer trigger: every minute); 0 turns sweeping off. Default 1000. */
  sweepIntervalMs?: number;
  /** Failures of a sweep or of the API function itself; default: printed to stderr. */
  onError?: (err: unknown, where: 'sweeper' | 'api') => void;
}

export interface DispatchServer {
  /** `http://host:port`, no trailing slash. */
  url: string;
  /** Stops accepting requests and sweeping, then waits for queued notifier work. */
  close(): Promise<void>;
}

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

/** Bodies beyond this are refused before the function is called (its own maxBodyBytes is far lower). */
const MAX_REQUEST_BYTES = 8 * 1024 * 1024;
/** Connection-level headers a proxy does not pass on. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'proxy-connection', 'proxy-authorization']);

let sample: Record<string, unknown> | undefined;
let timerEvent: Buffer | undefined;

function apigwSample(): Record<string, unknown> {
  sample ??= JSON.parse(readFileSync(path.join(fixturesDir(), 'apigw-request.json'), 'utf8')) as Record<string, unknown>;
  return sample;
}

/**
 * The event API Gateway sends the function for `request`: the official sample with every field
 * rewritten. Path parameters come from the API's own route table, named as the API definitions
 * name them; the body is Base64 with isBase64Encoded true, as API Gateway sends it.
 */
export function apiGatewayEvent(request: GatewayRequest): Record<string, unknown> {
  const url = new URL(request.url, 'http://gateway.local');
  const method = request.method.toUpperCase();
  const match = DISPATCH_API.match(method, url.pathname);
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

export async function startDispatchServer(options: DispatchServerOptions): Promise<DispatchServer> {
  const { dispatch } = options;
  const onError = options.onError ?? ((err, where) => process.stderr.write(`dispatch ${where}: ${err instanceof Error ? err.stack : String(err)}\n`));
  const server = http.createServer((req, res) => {
    void serve(dispatch, req, res, onError);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  let sweep: Promise<void> | undefined;
  const sweepIntervalMs = options.sweepIntervalMs ?? 1000;
  const timer =
    sweepIntervalMs > 0
      ? setInterval(() => {
          // A sweep slower than the interval is not overlapped, as FC's timer trigger would not with instanceConcurrency 1.
          sweep ??= dispatch
            .sweeper((timerEvent ??= readFileSync(path.join(fixturesDir(), 'timer.json'))), dispatch.context(LOCAL_DISPATCH_FUNCTIONS.offerSweeper))
            .then(
              () => undefined,
              (err: unknown) => onError(err, 'sweeper'),
            )
            .finally(() => (sweep = undefined));
        }, sweepIntervalMs)
      : undefined;

  return {
    url: `http://${host}:${address.port}`,
    async close() {
      if (timer) clearInterval(timer);
      const closed = new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
      // Keep-alive sockets of clients (fetch keeps them open) would hold close() forever.
      server.closeIdleConnections();
      await closed;
      await sweep;
      await dispatch.invoker.drain();
    },
  };
}

async function serve(dispatch: LocalDispatch, req: http.IncomingMessage, res: http.ServerResponse, onError: NonNullable<DispatchServerOptions['onError']>) {
  try {
    const body = await readBody(req);
    if (!body) {
      res.writeHead(413, { 'X-Ca-Error-Message': 'request body too large' }).end();
      return;
    }
    const event = apiGatewayEvent({ method: req.method ?? 'GET', url: req.url ?? '/', headers: joinedHeaders(req.rawHeaders), body, remoteAddress: req.socket.remoteAddress });
    const reply = await dispatch.api(Buffer.from(JSON.stringify(event)), dispatch.context(LOCAL_DISPATCH_FUNCTIONS.api));
    res.writeHead(reply.statusCode, reply.headers).end(reply.body);
  } catch (err) {
    // A function that throws makes API Gateway answer 502 with no body.
    onError(err, 'api');
    if (!res.headersSent) res.writeHead(502, { 'X-Ca-Error-Message': 'backend function failed' });
    res.end();
  }
}

/** Header names as the client wrote them; repeated headers joined with ", ". */
function joinedHeaders(raw: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = Object.keys(headers).find((h) => h.toLowerCase() === raw[i].toLowerCase()) ?? raw[i];
    headers[name] = name in headers ? `${headers[name]}, ${raw[i + 1]}` : raw[i + 1];
  }
  return headers;
}

/** The whole body, or undefined once it passes MAX_REQUEST_BYTES. */
async function readBody(req: http.IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_REQUEST_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
