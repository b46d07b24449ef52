/**
 * A KMS secret's value (Key Management Service OpenAPI 2016-01-20, RPC action `GetSecretValue`, parameter
 * `SecretName`; answers `{SecretName, SecretData, VersionId, …}`; RAM action `kms:GetSecretValue`,
 * https://www.alibabacloud.com/help/en/kms/developer-reference/api-kms-2016-01-20-getsecretvalue), signed
 * with V3 like the CDN client rather than through pop-core, which the custom runtime the mixer runs on
 * does not have.
 */
import type { FcContext } from '../context';
import { callAcs3 } from './acs3-client';

export const KMS_API_VERSION = '2016-01-20';

export async function getSecretValue(context: FcContext, secretName: string, endpoint?: string): Promise<string> {
  const res = await callAcs3<{ SecretData?: unknown }>(
    {
      endpoint: new URL(endpoint ?? `https://kms.${context.region}.aliyuncs.com`),
      method: 'POST',
      path: '/',
      query: { SecretName: secretName },
      action: 'GetSecretValue',
      version: KMS_API_VERSION,
    },
    context.credentials,
  );
  if (typeof res.SecretData !== 'string') throw new Error(`KMS secret ${secretName} has no SecretData`);
  return res.SecretData;
}
