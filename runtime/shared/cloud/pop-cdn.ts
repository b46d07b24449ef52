/** Cdn on the CDN OpenAPI (2018-05-10): PushObjectCache prefetches up to 100 URLs per call. */
import type { FcContext } from '../context';
import type { Cdn } from '../ports';
import { checkPrefetchPaths } from '../cdn-prefetch-paths';
import { popRpcClient, POP_REQUEST_OPTIONS, type PopRpcClient } from './pop-rpc-client';

export const CDN_ENDPOINT = 'https://cdn.aliyuncs.com';
export const CDN_API_VERSION = '2018-05-10';

export interface PopCdnOptions {
  /** `domestic` or `overseas`; the API's default when omitted. */
  area?: 'domestic' | 'overseas';
  endpoint?: string;
}

export class PopCdn implements Cdn {
  constructor(
    private readonly client: PopRpcClient,
    private readonly area?: string,
  ) {}

  static fromContext(context: FcContext, options: PopCdnOptions = {}): PopCdn {
    return new PopCdn(popRpcClient(context, options.endpoint ?? CDN_ENDPOINT, CDN_API_VERSION), options.area);
  }

  async prefetch(objectPaths: string[]): Promise<string> {
    checkPrefetchPaths(objectPaths);
    const params: Record<string, string> = { ObjectPath: objectPaths.join('\n') };
    if (this.area) params.Area = this.area;
    const res = await this.client.request<{ PushTaskId: string }>('PushObjectCache', params, POP_REQUEST_OPTIONS);
    return res.PushTaskId;
  }
}
