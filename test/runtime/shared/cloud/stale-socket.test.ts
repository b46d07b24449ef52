/**
 * Both of our HTTP clients keep connections alive; a kept socket the server has dropped meanwhile (FC froze the instance
 * between invocations) fails the next request with ECONNRESET before any answer. Such a request is sent again once on
 * a new socket; a request that failed on a fresh socket is not.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { OssClient } from '../../../../runtime/shared/cloud/oss-client';
import { OtsWireClient } from '../../../../runtime/shared/cloud/ots-wire/client';
import { TEST_CONTEXT } from './loopback-server';

/** Answers the first request of every socket; resets a socket that comes back for a second (or, with `always`, every one). */
async function resettingServer(body: Buffer, always = false) {
  const served = new WeakSet<object>();
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      seen.push(req.url ?? '');
      if (always || served.has(req.socket)) {
        req.socket.destroy();
        return;
      }
      served.add(req.socket);
      res.writeHead(200, { 'content-length': String(body.length), connection: 'keep-alive' });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, seen, close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))) };
}

describe('a kept-alive socket the server dropped', () => {
  it('OSS: the request is sent again on a new socket, once', async () => {
    const server = await resettingServer(Buffer.from('hello'));
    const oss = new OssClient({ bucket: 'b', region: 'cn-hangzhou', internal: true, credentials: TEST_CONTEXT.credentials, endpoint: server.url });
    try {
      expect((await oss.get('a.txt')).toString()).toBe('hello');
      expect((await oss.get('b.txt')).toString()).toBe('hello');
      // The second call reused the socket, was reset, and went again on a fresh one.
      expect(server.seen).toEqual(['/a.txt', '/b.txt', '/b.txt']);
    } finally {
      await server.close();
    }
  });

  it('Table Store: the same, and a reset on a fresh socket is the caller’s error', async () => {
    const getRowResponse = Buffer.from([0x0a, 0x00, 0x12, 0x00]); // consumed {}, row empty: the row does not exist
    const server = await resettingServer(getRowResponse);
    const ots = new OtsWireClient({ endpoint: server.url, instanceName: 'i', credentials: TEST_CONTEXT.credentials });
    try {
      expect(await ots.getRow('t', [['pk', 'a']])).toBeUndefined();
      expect(await ots.getRow('t', [['pk', 'b']])).toBeUndefined();
      expect(server.seen).toEqual(['/GetRow', '/GetRow', '/GetRow']);
    } finally {
      await server.close();
    }
    const broken = await resettingServer(getRowResponse, true);
    const fresh = new OtsWireClient({ endpoint: broken.url, instanceName: 'i', credentials: TEST_CONTEXT.credentials });
    try {
      await expect(fresh.getRow('t', [['pk', 'a']])).rejects.toMatchObject({ code: 'ECONNRESET' });
      expect(broken.seen).toHaveLength(1);
    } finally {
      await broken.close();
    }
  });
});
