/**
 * The local ingest wired to the callback function, as SetLiveStreamsNotifyUrlConfig wires Live to the
 * callback's HTTP trigger: each of the origin's callbacks is delivered as an FC 3.0 HTTP trigger event.
 */
import { httpTriggerEvent } from '../../shared/local/http-trigger-event';
import { localContexts } from '../../shared/local/local-context';
import { createCallbackHandler } from '../callbacks';
import type { LiveDeps } from '../deps';
import { startRtmpOrigin, type RtmpOrigin } from './rtmp-origin';

export function startLocalIngest(deps: LiveDeps, options: { publishDelayMs?: number } = {}): Promise<RtmpOrigin> {
  const callback = createCallbackHandler(deps);
  const context = localContexts();
  return startRtmpOrigin({
    domain: deps.settings.ingest.domain,
    pushKey: deps.keys.push,
    callbackKey: deps.keys.callback,
    validitySeconds: deps.settings.signing.pushLifetimeSeconds,
    clock: deps.clock,
    ...(options.publishDelayMs !== undefined ? { publishDelayMs: options.publishDelayMs } : {}),
    notify: (headers, query) =>
      callback(
        httpTriggerEvent({ method: 'GET', url: `/?${new URLSearchParams(query)}`, headers, time: deps.clock.now() }),
        context('live-callback'),
      ),
  });
}
