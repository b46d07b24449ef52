/**
 * ApsaraVideo Live's ingest on a laptop: a real RTMP server (node-media-server 4.4.3, on loopback) with
 * what the pattern relies on from the service:
 * - type A authentication of every push (`?auth_key=` signed for its own `/{app}/{stream}` and not expired:
 *   url-signing.ts), and one publisher per stream;
 * - the stream callbacks: `publish` once the publisher has stayed connected (Live waits 2 s) and
 *   `publish_done` when it leaves, as GET queries (`action, ip, id, app, appname, time, usrargs, node`),
 *   signed with ALI-LIVE-TIMESTAMP / ALI-LIVE-SIGNATURE (callback-auth.ts), to whatever `notify` delivers them.
 * node-media-server's pitfalls, found by a prototype (docs/research/live-mux/rtmp-server-npm.md): a refused
 * publisher must be cut hard (its packets would still reach players), its 30 s publish grace is set to 0 so
 * publish_done comes at once, and its logger and store directory are tamed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Clock } from '../../shared/ports';
import { callbackSignature } from '../callback-auth';
import { streamUri, verifyAuthKey } from '../url-signing';

interface NmsSession {
  id: string;
  ip?: string;
  protocol?: string;
  streamPath?: string;
  streamApp?: string;
  streamName?: string;
  streamQuery?: Record<string, string>;
  socket?: { destroy(): void };
  rtmp?: { onPacketCallback: unknown };
  broadcast: { publishGraceMs: number; getPublishStatus(): string };
  close(): void;
}

interface Nms {
  on(event: string, listener: (session: NmsSession) => void): void;
  run(): Promise<void> | void;
  stop(): Promise<void> | void;
}

export interface RtmpOriginOptions {
  /** The ingest domain the callbacks name (and sign over). */
  domain: string;
  pushKey: string;
  callbackKey: string;
  /** How long a signed push URL stays valid after its timestamp (the domain's validity period). */
  validitySeconds: number;
  /** Delivers one callback (its headers and query); the origin does not wait for it to be answered well. */
  notify(headers: Record<string, string>, query: Record<string, string>): Promise<unknown>;
  clock: Clock;
  /** How long a publisher must stay before `publish` is sent (Live: 2 s). */
  publishDelayMs?: number;
}

export interface RtmpOrigin {
  /** `rtmp://127.0.0.1:<port>` (append `/{app}/{stream}?auth_key=…`). */
  url: string;
  port: number;
  /** Pushes refused (unsigned, signed for another stream, expired, a second publisher). */
  refused: number;
  /** Callbacks sent, in order. */
  callbacks: Array<Record<string, string>>;
  /** When each stream's (latest) publisher was accepted, wall ms, by `<app>/<stream>`. */
  publishedAt: Map<string, number>;
  close(): Promise<void>;
}

export async function startRtmpOrigin(options: RtmpOriginOptions): Promise<RtmpOrigin> {
  /* eslint-disable @typescript-eslint/no-require-imports -- node-media-server is CommonJS without types; a dev dependency of local runs */
  const NodeMediaServer = require('node-media-server') as new (config: object) => Nms;
  const logger = require('node-media-server/src/core/logger.js') as { level: string; info: (...args: unknown[]) => void };
  const context = require('node-media-server/src/core/context.js') as { eventEmitter: { removeAllListeners(): void } };
  /* eslint-enable @typescript-eslint/no-require-imports */
  const port = await freePort();
  const store = mkdtempSync(path.join(tmpdir(), 'fsc-rtmp-'));
  // Its constructor turns debug logging on and prints a banner: both silenced.
  const info = logger.info;
  logger.info = () => undefined;
  const nms = new NodeMediaServer({ bind: '127.0.0.1', rtmp: { port }, store: { path: store } });
  logger.info = info;
  logger.level = 'error';
  const origin: RtmpOrigin = {
    url: `rtmp://127.0.0.1:${port}`,
    port,
    refused: 0,
    callbacks: [],
    publishedAt: new Map(),
    close: async () => {
      for (const timer of pending.values()) clearTimeout(timer);
      await nms.stop();
      context.eventEmitter.removeAllListeners();
      rmSync(store, { recursive: true, force: true });
    },
  };
  const pending = new Map<string, NodeJS.Timeout>();
  const accepted = new Set<string>();
  const send = (action: 'publish' | 'publish_done', session: NmsSession) => {
    const ts = String(Math.floor(options.clock.now() / 1000));
    const headers = { 'ALI-LIVE-TIMESTAMP': ts, 'ALI-LIVE-SIGNATURE': callbackSignature(options.domain, ts, options.callbackKey) };
    const query = {
      action,
      ip: session.ip ?? '127.0.0.1',
      id: session.streamName ?? '',
      app: options.domain,
      appname: session.streamApp ?? '',
      time: ts,
      usrargs: new URLSearchParams(session.streamQuery ?? {}).toString(),
      node: 'local',
    };
    origin.callbacks.push(query);
    void options.notify(headers, query).catch(() => undefined);
  };
  const refuse = (session: NmsSession) => {
    origin.refused++;
    session.broadcast.publishGraceMs = 0;
    if (session.rtmp) session.rtmp.onPacketCallback = () => undefined;
    if (session.socket) session.socket.destroy();
    else session.close();
  };
  nms.on('prePublish', (session) => {
    const uri = streamUri(session.streamApp ?? '', session.streamName ?? '', 'rtmp');
    const signed = verifyAuthKey(uri, session.streamQuery?.auth_key ?? '', options.pushKey, options.clock.now(), options.validitySeconds);
    if (!signed || session.protocol !== 'rtmp' || session.broadcast.getPublishStatus() === 'publishing') {
      refuse(session);
      return;
    }
    session.broadcast.publishGraceMs = 0;
    accepted.add(session.id);
    origin.publishedAt.set(`${session.streamApp}/${session.streamName}`, Date.now());
    pending.set(
      session.id,
      setTimeout(() => {
        pending.delete(session.id);
        send('publish', session);
      }, options.publishDelayMs ?? 2000),
    );
  });
  nms.on('donePublish', (session) => {
    if (!accepted.delete(session.id)) return;
    const timer = pending.get(session.id);
    // Gone before Live would have told anyone it came: neither callback.
    if (timer) {
      clearTimeout(timer);
      pending.delete(session.id);
      return;
    }
    send('publish_done', session);
  });
  await nms.run();
  await listening(port);
  return origin;
}

/** node-media-server treats port 0 as "no listener" and exits the process on EADDRINUSE: pick a free port first. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Its run() returns before the listener is up. */
async function listening(port: number, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => {
        socket.destroy();
        resolve(false);
      });
    });
    if (up) return;
    if (Date.now() > end) throw new Error(`RTMP origin not listening on ${port}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
