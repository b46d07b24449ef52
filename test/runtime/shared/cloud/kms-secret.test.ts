/** getSecretValue through the real @alicloud/pop-core client, against a loopback server. */
import { getSecretValue } from '../../../../runtime/shared/cloud/kms-secret';
import { startLoopback, TEST_CONTEXT, type Loopback } from './loopback-server';

let server: Loopback;
let reply: object;
beforeAll(async () => {
  server = await startLoopback(() => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(reply) }));
});
afterAll(() => server.close());

describe('getSecretValue', () => {
  it('calls GetSecretValue (2016-01-20) with the SecretName, signed with the STS token, and returns SecretData', async () => {
    reply = { RequestId: 'r', SecretName: 'live-keys', SecretData: '{"push":"a","play":"b","callback":"c"}', VersionId: 'v1' };
    expect(await getSecretValue(TEST_CONTEXT, 'live-keys', server.url)).toBe('{"push":"a","play":"b","callback":"c"}');
    const params = new URLSearchParams(server.requests[0].body.toString());
    expect(Object.fromEntries(['Action', 'Version', 'SecretName', 'SecurityToken'].map((k) => [k, params.get(k)]))).toEqual({
      Action: 'GetSecretValue',
      Version: '2016-01-20',
      SecretName: 'live-keys',
      SecurityToken: 'sts-token-value',
    });
  });

  it('refuses an answer without SecretData', async () => {
    reply = { RequestId: 'r', SecretName: 'live-keys' };
    await expect(getSecretValue(TEST_CONTEXT, 'live-keys', server.url)).rejects.toThrow(/no SecretData/);
  });
});
