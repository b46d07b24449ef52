/**
 * API Gateway on a laptop: a loopback HTTP server that turns each request into the "FCEvent" event
 * the cloud sends (built from the official sample), calls the backend function whose routes match
 * it and writes its answer back. A pattern with several API groups (IotIngest: content and devices)
 * serves them all on one port.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiGatewayResponse, Router } from '../runtime/shared/http';
import { apiGatewayEvent } from '../runtime/shared/local/api-gateway-event';

export interface ApiBackend {
  /** The group's routes (a pattern's route table). */
  routes: Router<unknown>;
  /** Invokes the API function with the event, as API Gateway's FCEvent backend does. */
  invoke(event: Buffer): Promise<ApiGatewayResponse>;
}

export interface ApiGatewayServerOptions {
  backends: ApiBackend[];
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** A backend function that threw; default: printed to stderr. */
  onError?: (err: unknown) => void;
  /** Each answer as it is written (502 when the function threw): what a local run's summary counts. */
  onAnswer?: (answer: { method: string; path: string; statusCode: number }) => void;
}

export interface ApiGatewayServer {
  /** `http://host:port`, no trailing slash. */
  url: string;
  close(): Promise<void>;
}

/** Bodies beyond this are refused before the function is called (its own maxBodyBytes is far lower). */
const MAX_REQUEST_BYTES = 8 * 1024 * 1024;

export async function startApiGatewayServer(options: ApiGatewayServerOptions): Promise<ApiGatewayServer> {
  const onError = options.onError ?? ((err) => process.stderr.write(`api: ${err instanceof Error ? err.stack : String(err)}\n`));
  const server = http.createServer((req, res) => {
    void serve(options.backends, req, res, onError).then((answer) => options.onAnswer?.(answer));
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
  return {
    url: `http://${host}:${address.port}`,
    async close() {
      const closed = new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
      // Keep-alive sockets of clients (fetch keeps them open) would hold close() forever.
      server.closeIdleConnections();
      await closed;
    },
  };
}

async function serve(
  backends: ApiBackend[],
  req: http.IncomingMessage,
  res: http.ServerResponse,
  onError: (err: unknown) => void,
): Promise<{ method: string; path: string; statusCode: number }> {
  const method = req.method ?? 'GET';
  const url = req.url ?? '/';
  const pathname = new URL(url, 'http://gateway.local').pathname;
  try {
    const body = await readBody(req);
    if (!body) {
      res.writeHead(413, { 'X-Ca-Error-Message': 'request body too large' }).end();
      return { method, path: pathname, statusCode: 413 };
    }
    // The group whose routes know the path; the first one otherwise (its function answers 404/405 as it does in the cloud).
    const backend = backends.find((b) => b.routes.match(method, pathname).kind !== 'not-found') ?? backends[0];
    const request = { method, url, headers: joinedHeaders(req.rawHeaders), body, remoteAddress: req.socket.remoteAddress };
    const event = apiGatewayEvent(request, backend.routes);
    const reply = await backend.invoke(Buffer.from(JSON.stringify(event)));
    res.writeHead(reply.statusCode, reply.headers).end(reply.body);
    return { method, path: pathname, statusCode: reply.statusCode };
  } catch (err) {
    // A function that throws makes API Gateway answer 502 with no body.
    onError(err);
    if (!res.headersSent) res.writeHead(502, { 'X-Ca-Error-Message': 'backend function failed' });
    res.end();
    return { method, path: pathname, statusCode: 502 };
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
