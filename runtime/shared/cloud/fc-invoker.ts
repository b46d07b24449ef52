/**
 * Invoker on Function Compute 3.0: InvokeFunction (API 2023-03-30,
 * `POST /2023-03-30/functions/{name}/invocations`, header `x-fc-invocation-type: Async`), signed
 * with ACS3-HMAC-SHA256. FC answers 202 once the event is queued; retries and the failure
 * destination are FC's async-invoke config, not this client's.
 *
 * A delay is the header `x-fc-async-delay`, (0, 3600) seconds, documented for FC 3.0 asynchronous
 * invocations (https://help.aliyun.com/zh/functioncompute/user-guide/overview-34, "延时调用") though not
 * in the InvokeFunction API reference; the official SDK sends it as a common header the same way
 * (alibabacloud-go/fc-20230330 InvokeFunctionHeaders.CommonHeaders). A Dec 2023 forum answer said FC 3.0
 * did not honour it yet (https://developer.aliyun.com/ask/582649): the first check on a deployment.
 */
import type { FcContext } from '../context';
import { encodeInvocationPayload } from '../invocation-payload';
import { MAX_INVOKE_DELAY_SECONDS, type InvokeOptions, type Invoker } from '../ports';
import { Acs3ApiError, callAcs3 } from './acs3-client';
import { percentEncode, type Acs3Credentials } from './acs3-signature';

export const FC_API_VERSION = '2023-03-30';

export interface FcInvokerOptions {
  /** Defaults to `https://{accountId}.{region}.fc.aliyuncs.com`. */
  endpoint?: string;
  /** Version or alias to invoke; LATEST when omitted. */
  qualifier?: string;
}

/** InvokeFunction failed: FC's status and error code (FunctionNotFound, ...). */
export class FcInvokeError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'FcInvokeError';
  }
}

export class FcInvoker implements Invoker {
  private readonly endpoint: URL;

  constructor(
    private readonly credentials: Acs3Credentials,
    endpoint: string,
    private readonly qualifier?: string,
  ) {
    this.endpoint = new URL(endpoint);
  }

  static fromContext(context: FcContext, options: FcInvokerOptions = {}): FcInvoker {
    const endpoint = options.endpoint ?? `https://${context.accountId}.${context.region}.fc.aliyuncs.com`;
    return new FcInvoker(context.credentials, endpoint, options.qualifier);
  }

  async invokeAsync(functionName: string, payload: unknown, options: InvokeOptions = {}): Promise<void> {
    const delay = options.delaySeconds ?? 0;
    if (!Number.isInteger(delay) || delay < 0 || delay > MAX_INVOKE_DELAY_SECONDS) {
      throw new RangeError(`delaySeconds ${delay} is not an integer 0-${MAX_INVOKE_DELAY_SECONDS}`);
    }
    const headers: Record<string, string> = { 'content-type': 'application/octet-stream', 'x-fc-invocation-type': 'Async' };
    if (delay > 0) headers['x-fc-async-delay'] = String(delay);
    try {
      await callAcs3(
        {
          endpoint: this.endpoint,
          method: 'POST',
          path: `/${FC_API_VERSION}/functions/${percentEncode(functionName)}/invocations`,
          ...(this.qualifier ? { query: { qualifier: this.qualifier } } : {}),
          headers,
          body: encodeInvocationPayload(payload),
          action: 'InvokeFunction',
          version: FC_API_VERSION,
        },
        this.credentials,
      );
    } catch (err) {
      if (err instanceof Acs3ApiError) throw new FcInvokeError(err.status, err.code, `InvokeFunction ${functionName}: ${err.message}`);
      throw err;
    }
  }
}
