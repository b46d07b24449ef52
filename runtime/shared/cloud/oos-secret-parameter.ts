/**
 * An encrypted OOS parameter's value (Operation Orchestration Service OpenAPI 2019-06-01, RPC action
 * `GetSecretParameter`, parameters `Name` and `WithDecryption` — "The Value field in the response is returned
 * only if this parameter is set to true"; answers `{Parameter: {Name, Type: "Secret", Value, …}}`; RAM actions
 * `oos:GetSecretParameter` on `acs:oos:<region>:<account>:secretparameter/<name>` and `kms:GetSecretValue`,
 * https://www.alibabacloud.com/help/en/oos/developer-reference/api-oos-2019-06-01-getsecretparameter; endpoint
 * `oos.<region>.aliyuncs.com`, https://help.aliyun.com/en/oos/developer-reference/integration-overview), signed with V3
 * like the CDN client rather than through pop-core, which the custom runtime the mixer runs on does not have.
 * Why OOS and not a KMS secret: see docs/design.md, "LiveMuxCluster", keys.
 */
import type { FcContext } from '../context';
import { callAcs3 } from './acs3-client';

export const OOS_API_VERSION = '2019-06-01';

export async function getSecretParameter(context: FcContext, name: string, endpoint?: string): Promise<string> {
  const res = await callAcs3<{ Parameter?: { Value?: unknown } }>(
    {
      endpoint: new URL(endpoint ?? `https://oos.${context.region}.aliyuncs.com`),
      method: 'POST',
      path: '/',
      query: { Name: name, WithDecryption: 'true' },
      action: 'GetSecretParameter',
      version: OOS_API_VERSION,
    },
    context.credentials,
  );
  if (typeof res.Parameter?.Value !== 'string') throw new Error(`OOS secret parameter ${name} has no Value`);
  return res.Parameter.Value;
}
