/**
 * Cdn on the CDN OpenAPI (2018-05-10, RPC): PushObjectCache prefetches up to 100 URLs per call
 * (https://www.alibabacloud.com/help/en/cdn/developer-reference/api-cdn-2018-05-10-pushobjectcache).
 * Signed with V3 rather than through @alicloud/pop-core, which the custom runtime the transcoder
 * runs on does not have.
 */
import type { FcContext } from '../context';
import { CdnRefusedError, type Cdn } from '../ports';
import { checkPrefetchPaths } from '../cdn-prefetch-paths';
import { Acs3ApiError, callAcs3 } from './acs3-client';
import type { Acs3Credentials } from './acs3-signature';

export const CDN_ENDPOINT = 'https://cdn.aliyuncs.com';
export const CDN_API_VERSION = '2018-05-10';

export interface CdnClientOptions {
  /** `domestic` or `overseas`; the API's default when omitted. */
  area?: 'domestic' | 'overseas';
  endpoint?: string;
}

export class CdnClient implements Cdn {
  private readonly endpoint: URL;

  constructor(
    private readonly credentials: Acs3Credentials,
    private readonly options: CdnClientOptions = {},
  ) {
    this.endpoint = new URL(options.endpoint ?? CDN_ENDPOINT);
  }

  static fromContext(context: FcContext, options: CdnClientOptions = {}): CdnClient {
    return new CdnClient(context.credentials, options);
  }

  async prefetch(objectPaths: string[]): Promise<string> {
    checkPrefetchPaths(objectPaths);
    const query: Record<string, string> = { ObjectPath: objectPaths.join('\n') };
    if (this.options.area) query.Area = this.options.area;
    const res = await callAcs3<{ PushTaskId?: string }>(
      { endpoint: this.endpoint, method: 'POST', path: '/', query, action: 'PushObjectCache', version: CDN_API_VERSION },
      this.credentials,
    ).catch((err: unknown) => {
      // A 4xx is the API refusing the request: nothing was queued. A 5xx or a transport error says nothing of that.
      if (err instanceof Acs3ApiError && err.status >= 400 && err.status < 500) throw new CdnRefusedError(err.code, err.message);
      throw err;
    });
    if (!res.PushTaskId) throw new Error(`PushObjectCache answered without a PushTaskId: ${JSON.stringify(res)}`);
    return res.PushTaskId;
  }
}
