/**
 * Push on Mobile Push (EMAS) OpenAPI 2016-08-01, notices to all device types:
 * - `Push`: AppKey, PushType, DeviceType, Target, TargetValue required; answers `{RequestId, MessageId}`;
 * - `MassPush`: AppKey and `PushTask.N.*` (each task the same fields as Push, N from 1, at most 100);
 *   answers `{RequestId, MessageIds: {MessageId: [...]}}`, one per task in order
 *   (alibabacloud-go/push-20160801 client/push_request_model.go, mass_push_response_body_model.go;
 *   https://help.aliyun.com/document_detail/434778.html).
 * Both take `IdempotentToken` (shared/push-token.ts). An error Mobile Push answered with a 4xx status
 * and a code pushed nothing: it is thrown as PushRefusedError; anything else (5xx, network) leaves the outcome unknown.
 * Signed with V3 (acs3-client.ts), the parameters a form body as V3 allows for RPC APIs
 * (https://www.alibabacloud.com/help/en/sdk/product-overview/v3-request-structure-and-signature: "parameters in the
 * request body", content-type application/x-www-form-urlencoded), not through @alicloud/pop-core: loading pop-core
 * cost a handler's first invocation 44 ms (issue 11), and a MassPush of 100 tasks would not fit in a query string.
 * Parameter names are sent as written (pop-core needed formatParams:false not to turn iOSApnsEnv into IOSApnsEnv).
 */
import type { FcContext } from '../context';
import { PushRefusedError, type Push, type PushRequest } from '../ports';
import { Acs3ApiError, callAcs3 } from './acs3-client';
import type { Acs3Credentials } from './acs3-signature';

export const PUSH_ENDPOINT = 'https://cloudpush.aliyuncs.com';
export const PUSH_API_VERSION = '2016-08-01';

export interface PopPushOptions {
  appKey: number;
  /** APNs environment for iOS devices. */
  apnsEnv: 'DEV' | 'PRODUCT';
  endpoint?: string;
}

type Params = Record<string, string | number | boolean>;

export class PopPush implements Push {
  private readonly endpoint: URL;

  constructor(
    private readonly credentials: Acs3Credentials,
    private readonly options: PopPushOptions,
  ) {
    this.endpoint = new URL(options.endpoint ?? PUSH_ENDPOINT);
  }

  static fromContext(context: FcContext, options: PopPushOptions): PopPush {
    return new PopPush(context.credentials, options);
  }

  async push(request: PushRequest): Promise<string> {
    const params: Params = { AppKey: this.options.appKey, ...this.task(request) };
    if (request.idempotencyToken) params.IdempotentToken = request.idempotencyToken;
    const res = await this.call<{ MessageId: string }>('Push', params);
    return res.MessageId;
  }

  async massPush(tasks: PushRequest[], idempotencyToken?: string): Promise<string[]> {
    const params: Params = { AppKey: this.options.appKey };
    if (idempotencyToken) params.IdempotentToken = idempotencyToken;
    tasks.forEach((request, i) => {
      for (const [name, value] of Object.entries(this.task(request))) params[`PushTask.${i + 1}.${name}`] = value;
    });
    const res = await this.call<{ MessageIds?: { MessageId?: string[] } }>('MassPush', params);
    return res.MessageIds?.MessageId ?? [];
  }

  private async call<T>(action: string, params: Params): Promise<T> {
    const body = Buffer.from(new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)])).toString(), 'utf8');
    const headers = { 'content-type': 'application/x-www-form-urlencoded' };
    try {
      return await callAcs3<T>(
        { endpoint: this.endpoint, method: 'POST', path: '/', headers, body, action, version: PUSH_API_VERSION },
        this.credentials,
      );
    } catch (err) {
      if (err instanceof Acs3ApiError && err.status >= 400 && err.status < 500) throw new PushRefusedError(`${action}: ${err.message}`, err.code);
      throw err;
    }
  }

  private task(request: PushRequest): Params {
    const params: Params = {
      PushType: 'NOTICE',
      DeviceType: 'ALL',
      Target: request.target,
      TargetValue: request.targetValue,
      Title: request.title,
      Body: request.body,
      iOSApnsEnv: this.options.apnsEnv,
      StoreOffline: true,
    };
    if (request.extParameters) {
      const ext = JSON.stringify(request.extParameters);
      params.iOSExtParameters = ext;
      params.AndroidExtParameters = ext;
    }
    return params;
  }
}
