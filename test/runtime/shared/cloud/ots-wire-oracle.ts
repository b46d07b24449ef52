/**
 * Shared plumbing of the wire client's oracle tests: the SDK loopback (useTableStoreLoopback), the adapter as it was on
 * the tablestore SDK (test/support/sdk-table-store.ts) as the oracle, and an independent re-implementation of the
 * signature check.
 */
import { createHash, createHmac } from 'node:crypto';
import { SdkTableStore } from '../../../support/sdk-table-store';
import { TEST_CONTEXT, type CannedResponse, type CapturedRequest } from './loopback-server';
import { protos, TableStore, type TableStoreLoopback } from './tablestore-loopback';
import { OtsWireClient } from '../../../../runtime/shared/cloud/ots-wire/client';

export { protos, TableStore, TEST_CONTEXT };
export const pb = protos.main.proto;
export const Long = TableStore.Long;
export const consumed = { capacityUnit: { read: 1, write: 1 } };

/** A real answer, encoded with the SDK's compiled protobuf definitions. */
export const ok = (message: string, body: object): CannedResponse => ({ body: Buffer.from(pb[message].encode(pb[message].create(body)).finish()) });

export const sdkStore = (ots: TableStoreLoopback) => SdkTableStore.fromContext(TEST_CONTEXT, { endpoint: ots.server.url, instanceName: 'inst' });
export const wireClient = (ots: TableStoreLoopback) =>
  new OtsWireClient({ endpoint: ots.server.url, instanceName: 'inst', credentials: TEST_CONTEXT.credentials });

/**
 * The signature check written from the documented algorithm, not from either client:
 * base64 HMAC-SHA1(secret, "/Action\nPOST\n\n" + sorted "x-ots-name:value" lines + "\n").
 */
export function verifySignature(req: CapturedRequest, secret = TEST_CONTEXT.credentials.accessKeySecret): void {
  const action = req.url;
  const lines = Object.keys(req.headers)
    .filter((h) => h.startsWith('x-ots-') && h !== 'x-ots-signature')
    .sort()
    .map((h) => `${h}:${String(req.headers[h])}`);
  const expected = createHmac('sha1', secret)
    .update(`${action}\nPOST\n\n${lines.join('\n')}\n`)
    .digest('base64');
  expect(req.headers['x-ots-signature']).toBe(expected);
  expect(req.headers['x-ots-contentmd5']).toBe(createHash('md5').update(req.body).digest('base64'));
  expect(Date.now() - Date.parse(String(req.headers['x-ots-date']))).toBeLessThan(60_000);
  expect(String(req.headers['x-ots-date'])).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
}

export const otsHeaderNames = (req: CapturedRequest): string[] =>
  Object.keys(req.headers)
    .filter((h) => h.startsWith('x-ots-'))
    .sort();

/** The x-ots headers both clients must send with equal values (the date and signature differ by time). */
export function sameStaticHeaders(mine: CapturedRequest, sdk: CapturedRequest): void {
  expect(otsHeaderNames(mine)).toEqual(otsHeaderNames(sdk));
  for (const h of ['x-ots-apiversion', 'x-ots-instancename', 'x-ots-accesskeyid', 'x-ots-ststoken', 'x-ots-contentmd5']) {
    expect([h, mine.headers[h]]).toEqual([h, sdk.headers[h]]);
  }
}
