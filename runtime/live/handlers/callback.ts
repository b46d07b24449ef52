/** Function Compute entry of ApsaraVideo Live's publish callbacks (FC 3.0 HTTP trigger: the answer is {statusCode, headers, body}). */
import type { EventHandler } from '../../shared/context';
import { createCallbackHandler } from '../callbacks';
import { withLiveCloudDeps } from '../cloud-deps';

export const handler: EventHandler = withLiveCloudDeps((deps) => {
  const callback = createCallbackHandler(deps);
  return async (event, ctx) => {
    const { statusCode, headers, body } = await callback(event, ctx);
    return { statusCode, headers, body };
  };
});
