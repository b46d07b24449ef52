/**
 * Push on Mobile Push (EMAS) OpenAPI 2016-08-01, notices to all device types:
 * - `Push`: AppKey, PushType, DeviceType, Target, TargetValue required; answers `{RequestId, MessageId}`;
 * - `MassPush`: AppKey and `PushTask.N.*` (each task the same fields as Push, N from 1, at most 100);
 *   answers `{RequestId, MessageIds: {MessageId: [...]}}`, one per task in order
 *   (alibabacloud-go/push-20160801 client/push_request_model.go, mass_push_response_body_model.go;
 *   https://help.aliyun.com/document_detail/434778.html).
 * Both take `IdempotentToken` (shared/push-token.ts). An error Mobile Push answered with a 4xx status
 * and a code (pop-core puts the status on `err.entry.response.statusCode`) pushed nothing: it is
 * thrown as PushRefusedError; anything else (5xx, network) leaves the outcome unknown.
 */
import type { FcContext } from '../context';
import { PushRefusedError, type Push, type PushRequest } from '../ports';
import { popRpcClient, POP_REQUEST_OPTIONS, type PopRpcClient } from './pop-rpc-client';

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
  constructor(
    private readonly client: PopRpcClient,
    private readonly options: PopPushOptions,
  ) {}

  static fromContext(context: FcContext, options: PopPushOptions): PopPush {
    return new PopPush(popRpcClient(context, options.endpoint ?? PUSH_ENDPOINT, PUSH_API_VERSION), options);
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
    try {
      return await this.client.request<T>(action, params, POP_REQUEST_OPTIONS);
    } catch (err) {
      const e = err as { code?: unknown; message?: unknown; entry?: { response?: { statusCode?: unknown } } };
      const status = e.entry?.response?.statusCode;
      if (typeof e.code === 'string' && typeof status === 'number' && status >= 400 && status < 500) {
        throw new PushRefusedError(`${action}: ${String(e.message)}`, e.code);
      }
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
