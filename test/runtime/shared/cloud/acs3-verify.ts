/** Recomputes an ACS3-HMAC-SHA256 signature from what arrived on the wire, independently of the signer. */
import { createHash, createHmac } from 'node:crypto';
import type { CapturedRequest } from './loopback-server';

export function expectAcs3Signature(req: CapturedRequest, secret: string): void {
  const auth = /^ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]{64})$/.exec(req.headers.authorization ?? '');
  expect(auth).not.toBeNull();
  const [, credential, signedHeaders, signature] = auth!;
  expect(credential).toBe('STS.testkey');
  const names = signedHeaders.split(';');
  expect(names).toEqual([...names].sort());
  expect(names).toEqual(expect.arrayContaining(['host', 'x-acs-action', 'x-acs-content-sha256', 'x-acs-date', 'x-acs-security-token']));
  expect(req.headers['x-acs-content-sha256']).toBe(createHash('sha256').update(req.body).digest('hex'));
  const [path, search = ''] = req.url.split('?');
  // The canonical query: sorted, RFC 3986-encoded pairs, as sent when the client already sorted them.
  const query = search
    .split('&')
    .filter(Boolean)
    .sort()
    .join('&');
  const canonical = [
    req.method,
    path,
    query,
    names.map((n) => `${n}:${String(req.headers[n]).trim()}\n`).join(''),
    signedHeaders,
    req.headers['x-acs-content-sha256'],
  ].join('\n');
  const stringToSign = `ACS3-HMAC-SHA256\n${createHash('sha256').update(canonical).digest('hex')}`;
  expect(signature).toBe(createHmac('sha256', secret).update(stringToSign).digest('hex'));
}
