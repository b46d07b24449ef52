/**
 * The dispatch API on a laptop: the loopback API Gateway (api-gateway-server.ts) in front of the API
 * function. Like the deployed system it also runs the offer sweeper on a timer; notifier work queued
 * by either runs on the LocalInvoker as it arrives.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DISPATCH_API } from '../runtime/dispatch/api';
import { LOCAL_DISPATCH_FUNCTIONS, type LocalDispatch } from '../runtime/dispatch/local-dispatch';
import { fixturesDir } from '../runtime/shared/local/event-fixtures';
import { startApiGatewayServer, type ApiGatewayServerOptions } from './api-gateway-server';

export interface DispatchServerOptions {
  dispatch: LocalDispatch;
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Milliseconds between offer sweeps (the cloud's timer trigger: every minute); 0 turns sweeping off. Default 1000. */
  sweepIntervalMs?: number;
  /** Failures of a sweep or of the API function itself; default: printed to stderr. */
  onError?: (err: unknown, where: 'sweeper' | 'api') => void;
  /** Each answer of the API (api-gateway-server.ts). */
  onAnswer?: ApiGatewayServerOptions['onAnswer'];
}

export interface DispatchServer {
  /** `http://host:port`, no trailing slash. */
  url: string;
  /** Stops accepting requests and sweeping, then waits for queued notifier work. */
  close(): Promise<void>;
}

let timerEvent: Buffer | undefined;

export async function startDispatchServer(options: DispatchServerOptions): Promise<DispatchServer> {
  const { dispatch } = options;
  const onError = options.onError ?? ((err, where) => process.stderr.write(`dispatch ${where}: ${err instanceof Error ? err.stack : String(err)}\n`));
  const server = await startApiGatewayServer({
    backends: [{ routes: DISPATCH_API, invoke: (event) => dispatch.api(event, dispatch.context(LOCAL_DISPATCH_FUNCTIONS.apiFunction)) }],
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.host !== undefined ? { host: options.host } : {}),
    onError: (err) => onError(err, 'api'),
    ...(options.onAnswer ? { onAnswer: options.onAnswer } : {}),
  });

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
    url: server.url,
    async close() {
      if (timer) clearInterval(timer);
      await server.close();
      await sweep;
      await dispatch.invoker.drain();
    },
  };
}
