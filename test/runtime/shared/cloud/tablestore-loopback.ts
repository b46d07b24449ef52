/**
 * The real tablestore SDK against a loopback server, for the Table Store adapters' tests: the SDK
 * and its protobuf definitions (to decode what it sends and encode real answers), and a server
 * answering by API path (`/PutRow`, `/Search`, …) from `routes`, reset before every test.
 */
import type { TableStoreClient } from '../../../../runtime/shared/cloud/tablestore-sdk';
import { startLoopback, TEST_CONTEXT, type CannedResponse, type CapturedRequest, type Loopback } from './loopback-server';

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const TableStore = require('tablestore');
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const protos = require('tablestore/lib/protocol/tablestore_compiled_proto.js');

export type Route = (req: CapturedRequest) => CannedResponse;

export interface TableStoreLoopback {
  readonly server: Loopback;
  /** The answers by request path; a path without one answers 500. */
  routes: Record<string, Route>;
  /** An SDK client of instance `inst` on the loopback server, with the test context's credentials. */
  client(): TableStoreClient;
}

/** Starts the server before the file's tests and stops it after them; call at the top of a test file. */
export function useTableStoreLoopback(): TableStoreLoopback {
  let server: Loopback | undefined;
  const loopback: TableStoreLoopback = {
    get server() {
      if (!server) throw new Error('the loopback server starts in beforeAll');
      return server;
    },
    routes: {},
    client() {
      const { accessKeyId, accessKeySecret, securityToken } = TEST_CONTEXT.credentials;
      return new TableStore.Client({ accessKeyId, accessKeySecret, stsToken: securityToken, endpoint: loopback.server.url, instancename: 'inst' });
    },
  };
  beforeAll(async () => {
    server = await startLoopback((req) => (loopback.routes[req.url] ?? (() => ({ status: 500 })))(req));
  });
  afterAll(() => server?.close());
  beforeEach(() => {
    loopback.server.requests.length = 0;
  });
  return loopback;
}
