/**
 * The HTTP transport of our own OSS and Table Store clients. Connections are kept for the calls of an invocation (a
 * transcoder uploads hundreds of segments) and dropped after FREE_SOCKET_MS idle, as ali-oss's agentkeepalive did: FC
 * freezes an instance between invocations, and a socket the server closed meanwhile fails the next request with
 * ECONNRESET before any answer. Such a request was never read, so it is sent again once on a new socket
 * (https://nodejs.org/api/http.html#requestreusedsocket); any other failure is the caller's.
 */
import { createReadStream } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';

const FREE_SOCKET_MS = 4000;
const agents = {
  https: new https.Agent({ keepAlive: true, timeout: FREE_SOCKET_MS }),
  http: new http.Agent({ keepAlive: true, timeout: FREE_SOCKET_MS }),
};

export interface HttpCall {
  origin: URL;
  /** Sent as it is (no `.`/`..` resolution: it may be what a signature covers). */
  path: string;
  method: string;
  headers: Record<string, string>;
  /** A body in memory, or a file streamed (read again if the call is sent again). */
  body?: Buffer | { file: string };
  /** No data for this long fails the call with `timeoutError()`; none by default. */
  idleTimeoutMs?: number;
  timeoutError?: () => Error;
}

/** The answer's head (its body still to read), with one resend after a stale kept-alive socket. */
export async function sendRequest(call: HttpCall): Promise<http.IncomingMessage> {
  try {
    return await sendOnce(call);
  } catch (err) {
    if ((err as { staleSocket?: boolean }).staleSocket) return sendOnce(call);
    throw err;
  }
}

function sendOnce(call: HttpCall): Promise<http.IncomingMessage> {
  const secure = call.origin.protocol === 'https:';
  const { protocol, hostname, port } = call.origin;
  const options = { protocol, hostname, port: port || undefined, path: call.path, method: call.method, headers: call.headers };
  return new Promise((resolve, reject) => {
    const req = (secure ? https : http).request({ ...options, agent: secure ? agents.https : agents.http }, resolve);
    if (call.idleTimeoutMs !== undefined) {
      const error = call.timeoutError ?? (() => new Error(`${call.method} ${call.path}: no data for ${call.idleTimeoutMs} ms`));
      req.setTimeout(call.idleTimeoutMs, () => req.destroy(error()));
    }
    req.on('error', (err: NodeJS.ErrnoException) =>
      reject(req.reusedSocket && err.code === 'ECONNRESET' ? Object.assign(err, { staleSocket: true }) : err),
    );
    const { body } = call;
    if (body === undefined) req.end();
    else if (Buffer.isBuffer(body)) req.end(body);
    else
      createReadStream(body.file)
        .on('error', (err) => req.destroy(err))
        .pipe(req);
  });
}

export function readBody(res: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => resolve(Buffer.concat(chunks)));
    res.on('error', reject);
  });
}

/** A response header's (first) value. */
export function responseHeader(res: http.IncomingMessage, name: string): string | undefined {
  const value = res.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
