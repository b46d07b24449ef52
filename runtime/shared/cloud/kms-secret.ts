/**
 * A KMS secret's value (Key Management Service OpenAPI 2016-01-20, action `GetSecretValue`, parameter
 * `SecretName`; answers `{SecretName, SecretData, VersionId, …}`; RAM action `kms:GetSecretValue`,
 * https://www.alibabacloud.com/help/en/kms/developer-reference/api-kms-2016-01-20-getsecretvalue), read
 * through pop-core (built into the nodejs20 runtime) with the invocation's STS credentials.
 */
import type { FcContext } from '../context';
import { popRpcClient, POP_REQUEST_OPTIONS } from './pop-rpc-client';

export const KMS_API_VERSION = '2016-01-20';

export async function getSecretValue(context: FcContext, secretName: string, endpoint?: string): Promise<string> {
  const client = popRpcClient(context, endpoint ?? `https://kms.${context.region}.aliyuncs.com`, KMS_API_VERSION);
  const res = await client.request<{ SecretData?: unknown }>('GetSecretValue', { SecretName: secretName }, POP_REQUEST_OPTIONS);
  if (typeof res.SecretData !== 'string') throw new Error(`KMS secret ${secretName} has no SecretData`);
  return res.SecretData;
}
