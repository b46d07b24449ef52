/**
 * Function Compute 3.0's custom runtime protocol, adapted to our event handlers, for functions that
 * run on `custom.debian10` (the ones that need the FFmpeg6x layer, which lists no nodejs20 runtime).
 *
 * FC starts the configured command and sends each invocation as `POST /invoke` with the raw event as
 * an application/octet-stream body and the context in `x-fc-*` headers; the response body is the
 * result. Success is status 200 with `x-fc-status: 200`, failure status 404 with `x-fc-status: 404`
 * ("Specifications" of the custom runtime: https://www.alibabacloud.com/help/doc-detail/425057.htm;
 * event handlers: https://www.alibabacloud.com/help/doc-detail/160683.htm). A failure's body is what the
 * built-in Node.js runtime reports for a thrown error, `{errorMessage, errorType, stackTrace}`
 * (https://www.alibabacloud.com/help/en/functioncompute/user-guide/error-handling-nodejs), so an async
 * destination sees the same payload whichever runtime failed. The server listens on 0.0.0.0 (127.0.0.1
 * gives FunctionNotStarted) at FC_CUSTOM_LISTEN_PORT, 9000 by default
 * (https://www.alibabacloud.com/help/en/functioncompute/fc/principles-1).
 */
import * as http from 'node:http';
import type { EventHandler, FcContext } from '../context';
import { createLogger, stdoutSink, type LogWriter } from '../log';

export const DEFAULT_PORT = 9000;
const STATUS_HEADER = 'x-fc-status';

export interface InvokeServerOptions {
  /** Where the adapter's own log lines go (FC ships stdout to Log Service). */
  log?: LogWriter;
}

/** The context a built-in runtime would pass, from FC's common request headers. */
export function contextFromHeaders(headers: http.IncomingHttpHeaders): FcContext {
  const header = (name: string) => {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value ?? '';
  };
  const memory = Number(header('x-fc-function-memory'));
  return {
    requestId: header('x-fc-request-id'),
    region: header('x-fc-region'),
    accountId: header('x-fc-account-id'),
    credentials: {
      accessKeyId: header('x-fc-access-key-id'),
      accessKeySecret: header('x-fc-access-key-secret'),
      ...(header('x-fc-security-token') ? { securityToken: header('x-fc-security-token') } : {}),
    },
    function: { name: header('x-fc-function-name'), ...(memory > 0 ? { memory } : {}) },
  };
}

/** An HTTP server that runs `handler` for each `POST /invoke`; lifecycle hooks answer 200. */
export function createInvokeServer(handler: EventHandler, options: InvokeServerOptions = {}): http.Server {
  const sink = options.log ?? stdoutSink;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/invoke') void invoke(handler, Buffer.concat(chunks), req.headers, res, sink);
      else if ((req.method === 'POST' && req.url === '/initialize') || (req.method === 'GET' && req.url === '/pre-stop')) reply(res, 200, '');
      else reply(res, 404, JSON.stringify({ errorMessage: `unknown path ${req.method} ${req.url}`, errorType: 'NotFound' }));
    });
  });
  // A transcode runs for up to an hour on one request: no socket inactivity timeout.
  server.timeout = 0;
  server.requestTimeout = 0;
  return server;
}

async function invoke(handler: EventHandler, event: Buffer, headers: http.IncomingHttpHeaders, res: http.ServerResponse, sink: LogWriter) {
  const context = contextFromHeaders(headers);
  // The markers FC's log view uses to group an invocation's lines.
  sink(`FC Invoke Start RequestId: ${context.requestId}`);
  try {
    const result = await handler(event, context);
    reply(res, 200, encodeResult(result));
  } catch (err) {
    const error = err instanceof Error ? err : new Error(String(err));
    createLogger({ requestId: context.requestId, fn: context.function.name, writer: sink }).logError(error, 'invocation failed');
    reply(res, 404, JSON.stringify({ errorMessage: error.message, errorType: error.name, stackTrace: (error.stack ?? '').split('\n') }));
  } finally {
    sink(`FC Invoke End RequestId: ${context.requestId}`);
  }
}

function encodeResult(result: unknown): Buffer | string {
  if (Buffer.isBuffer(result) || typeof result === 'string') return result;
  return JSON.stringify(result ?? null);
}

function reply(res: http.ServerResponse, status: 200 | 404, body: Buffer | string): void {
  res.writeHead(status, { [STATUS_HEADER]: String(status), 'content-type': 'application/json' });
  res.end(body);
}

export interface ServeOptions extends InvokeServerOptions {
  /** Checked before listening; a failure is one structured error line and exit code 1 (a failed cold start). */
  startupCheck?: () => void;
  env?: NodeJS.ProcessEnv;
}

/** The entry of a custom-runtime function: check what it needs, then serve FC's invocations. */
export function serveEventHandler(handler: EventHandler, options: ServeOptions = {}): http.Server | undefined {
  const env = options.env ?? process.env;
  const log = createLogger({ requestId: 'cold-start', fn: env.FC_FUNCTION_NAME ?? '', writer: options.log ?? stdoutSink });
  try {
    options.startupCheck?.();
  } catch (err) {
    log.logError(err, 'cold start failed: the function cannot run here');
    process.exitCode = 1;
    return undefined;
  }
  const port = Number(env.FC_CUSTOM_LISTEN_PORT) || DEFAULT_PORT;
  const server = createInvokeServer(handler, options);
  server.listen(port, '0.0.0.0');
  return server;
}
