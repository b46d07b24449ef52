/** getSecretValue against a loopback server: the ACS3 request, its recomputed signature, the answer read. */
import { getSecretValue } from '../../../../runtime/shared/cloud/kms-secret';
import { expectAcs3Signature } from './acs3-verify';
import { startLoopback, TEST_CONTEXT, type Loopback } from './loopback-server';

let server: Loopback;
let reply: object;
beforeAll(async () => {
  server = await startLoopback(() => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(reply) }));
});
afterAll(() => server.close());

describe('getSecretValue', () => {
  it('calls GetSecretValue (2016-01-20) with the SecretName, V3-signed with the STS token, and returns SecretData', async () => {
    reply = { RequestId: 'r', SecretName: 'live-keys', SecretData: '{"push":"a","play":"b","callback":"c"}', VersionId: 'v1' };
    expect(await getSecretValue(TEST_CONTEXT, 'live-keys', server.url)).toBe('{"push":"a","play":"b","callback":"c"}');
    const [req] = server.requests;
    expect(new URL(req.url, 'http://x').searchParams.get('SecretName')).toBe('live-keys');
    expect(req.headers).toMatchObject({ 'x-acs-action': 'GetSecretValue', 'x-acs-version': '2016-01-20', 'x-acs-security-token': 'sts-token-value' });
    expectAcs3Signature(req, 'testsecret');
  });

  it('refuses an answer without SecretData', async () => {
    reply = { RequestId: 'r', SecretName: 'live-keys' };
    await expect(getSecretValue(TEST_CONTEXT, 'live-keys', server.url)).rejects.toThrow(/no SecretData/);
  });
});
