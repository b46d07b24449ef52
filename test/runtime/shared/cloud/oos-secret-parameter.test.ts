/** getSecretParameter against a loopback server: the ACS3 request, its recomputed signature, the answer read. */
import { getSecretParameter } from '../../../../runtime/shared/cloud/oos-secret-parameter';
import { expectAcs3Signature } from './acs3-verify';
import { startLoopback, TEST_CONTEXT, type Loopback } from './loopback-server';

let server: Loopback;
let reply: object;
beforeAll(async () => {
  server = await startLoopback(() => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(reply) }));
});
afterAll(() => server.close());

describe('getSecretParameter', () => {
  it('calls GetSecretParameter (2019-06-01) with the Name and WithDecryption, V3-signed with the STS token, and returns the Value', async () => {
    const value = '{"push":"a","play":"b","callback":"c"}';
    reply = { RequestId: 'r', Parameter: { Name: 'live-keys', Type: 'Secret', Value: value, ParameterVersion: 1 } };
    expect(await getSecretParameter(TEST_CONTEXT, 'live-keys', server.url)).toBe(value);
    const [req] = server.requests;
    const query = new URL(req.url, 'http://x').searchParams;
    expect([query.get('Name'), query.get('WithDecryption')]).toEqual(['live-keys', 'true']);
    expect(req.headers).toMatchObject({
      'x-acs-action': 'GetSecretParameter',
      'x-acs-version': '2019-06-01',
      'x-acs-security-token': 'sts-token-value',
    });
    expectAcs3Signature(req, 'testsecret');
  });

  it('refuses an answer without the decrypted Value (as OOS answers without WithDecryption)', async () => {
    reply = { RequestId: 'r', Parameter: { Name: 'live-keys', Type: 'Secret' } };
    await expect(getSecretParameter(TEST_CONTEXT, 'live-keys', server.url)).rejects.toThrow(/no Value/);
  });
});
