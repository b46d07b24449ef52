/** FC-like invocation contexts for handlers called directly on a laptop or in tests. */
import type { FcContext } from '../context';

/** A context maker: each call without a requestId gets a fresh one (`local-1`, `local-2`, …), as each FC invocation does. */
export function localContexts(): (functionName: string, requestId?: string) => FcContext {
  let requests = 0;
  return (functionName, requestId) => ({
    requestId: requestId ?? `local-${++requests}`,
    region: 'local',
    accountId: '000000000000',
    credentials: { accessKeyId: 'local', accessKeySecret: 'local' },
    function: { name: functionName },
  });
}
