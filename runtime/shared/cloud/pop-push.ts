/** Push on Mobile Push (EMAS) OpenAPI 2016-08-01, action `Push`, notices to all device types. */
import type { FcContext } from '../context';
import type { Push, PushRequest } from '../ports';
import { popRpcClient, POP_REQUEST_OPTIONS, type PopRpcClient } from './pop-rpc-client';

export const PUSH_ENDPOINT = 'https://cloudpush.aliyuncs.com';
export const PUSH_API_VERSION = '2016-08-01';

export interface PopPushOptions {
  appKey: number;
  /** APNs environment for iOS devices. */
  apnsEnv: 'DEV' | 'PRODUCT';
  endpoint?: string;
}

export class PopPush implements Push {
  constructor(
    private readonly client: PopRpcClient,
    private readonly options: PopPushOptions,
  ) {}

  static fromContext(context: FcContext, options: PopPushOptions): PopPush {
    return new PopPush(popRpcClient(context, options.endpoint ?? PUSH_ENDPOINT, PUSH_API_VERSION), options);
  }

  async push(request: PushRequest): Promise<string> {
    const params: Record<string, string | number | boolean> = {
      AppKey: this.options.appKey,
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
    const res = await this.client.request<{ MessageId: string }>('Push', params, POP_REQUEST_OPTIONS);
    return res.MessageId;
  }
}
