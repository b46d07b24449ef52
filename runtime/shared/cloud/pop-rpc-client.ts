/** A @alicloud/pop-core RPC client (runtime-provided, required lazily) signed with the invocation's STS credentials. */
import type { FcContext } from '../context';

export interface PopRpcClient {
  request<T>(action: string, params: object, options?: object): Promise<T>;
}

export function popRpcClient(context: FcContext, endpoint: string, apiVersion: string): PopRpcClient {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const RPCClient = require('@alicloud/pop-core') as new (config: object) => PopRpcClient;
  const { accessKeyId, accessKeySecret, securityToken } = context.credentials;
  return new RPCClient({ endpoint, apiVersion, accessKeyId, accessKeySecret, securityToken });
}

/**
 * POST form, and formatParams:false: pop-core would otherwise capitalise every key, turning
 * `iOSApnsEnv` into the unknown `IOSApnsEnv`.
 */
export const POP_REQUEST_OPTIONS = { method: 'POST', formatParams: false } as const;
