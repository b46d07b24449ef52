/**
 * The dispatch API on a laptop: a loopback HTTP server that turns each request into the API Gateway
 * "FCEvent" event the cloud sends (built from the official sample), calls the API function with it
 * and writes its answer back. Like the deployed system it also runs the offer sweeper on a timer;
 * notifier work queued by either runs on the LocalInvoker as it arrives.
 */
import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { DISPATCH_API } from '../runtime/dispatch/api';
import { apiGatewayEvent } from '../runtime/shared/local/api-gateway-event';
import { LOCAL_DISPATCH_FUNCTIONS, type LocalDispatch } from '../runtime/dispatch/local-dispatch';
import { fixturesDir } from '../runtime/shared/local/event-fixtures';

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

/** Bodies beyond this are refused before the function is called (its own maxBodyBytes is far lower). */
const MAX_REQUEST_BYTES = 8 * 1024 * 1024;

let timerEvent: Buffer | undefined;

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

async function serve(
  dispatch: LocalDispatch,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  onError: NonNullable<DispatchServerOptions['onError']>,
) {
  try {
    const body = await readBody(req);
    if (!body) {
      res.writeHead(413, { 'X-Ca-Error-Message': 'request body too large' }).end();
      return;
    }
    const event = apiGatewayEvent({
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      headers: joinedHeaders(req.rawHeaders),
      body,
      remoteAddress: req.socket.remoteAddress,
    }, DISPATCH_API);
    const reply = await dispatch.api(Buffer.from(JSON.stringify(event)), dispatch.context(LOCAL_DISPATCH_FUNCTIONS.apiFunction));
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
