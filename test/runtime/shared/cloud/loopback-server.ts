/** A 127.0.0.1 HTTP server that records what a real SDK sends and answers with canned responses. */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CapturedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export interface CannedResponse {
  status?: number;
  headers?: Record<string, string>;
  body?: Buffer | string;
}

export interface Loopback {
  url: string;
  requests: CapturedRequest[];
  close(): Promise<void>;
}

export async function startLoopback(respond: (req: CapturedRequest) => CannedResponse): Promise<Loopback> {
  const requests: CapturedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const captured = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
      requests.push(captured);
      const reply = respond(captured);
      const body = reply.body === undefined ? Buffer.alloc(0) : Buffer.from(reply.body);
      res.writeHead(reply.status ?? 200, { 'content-length': String(body.length), ...reply.headers });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const TEST_CONTEXT = {
  requestId: 'req-1',
  region: 'cn-hangzhou',
  accountId: '1234567890',
  credentials: { accessKeyId: 'STS.testkey', accessKeySecret: 'testsecret', securityToken: 'sts-token-value' },
  function: { name: 'test-fn' },
};
