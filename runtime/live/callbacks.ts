/**
 * The publish callback function (FC 3.0 HTTP trigger, the URL ApsaraVideo Live's SetLiveStreamsNotifyUrlConfig
 * names): checks the callback's signature (403 for a forged or stale one; the service retries 5 times,
 * 1 s apart, so a bad one is refused, never half-applied), then marks the mic LIVE on `publish` (only a
 * push signed for that mic's own stream: its auth_key is checked against the stream) or GONE on
 * `publish_done`. Streams that are not a mic's (the mixer's own output) are acknowledged and ignored.
 * A mic that LEFT stays LEFT. A mic going live starts the room's mixer and watchdog unless they run
 * (watchdog.ts). Where it can stop: after the LIVE write and before the mixer starts, Live retries the
 * callback (a failed answer), which finds the mic LIVE and makes sure again; ensureMixer queues the
 * watchdog before it takes the lease, so a start that dies after the lease is redone once it lapses.
 */
import type { FcContext } from '../shared/context';
import { httpReply, parseHttpTriggerEvent, type HttpTriggerResponse } from '../shared/events/http-trigger';
import { MalformedEventError } from '../shared/events/malformed-event-error';
import { loggerFor } from '../shared/log';
import { columnEquals, ifCondition } from '../shared/table-store';
import { CallbackRejectedError, checkCallbackSignature, parseStreamCallback } from './callback-auth';
import type { LiveDeps } from './deps';
import { micKey, parseStreamName } from './room-record';
import { streamUri, verifyAuthKey } from './url-signing';
import { ensureMixer } from './watchdog';

/** How far ALI-LIVE-TIMESTAMP may be from our clock. */
export const CALLBACK_MAX_SKEW_SECONDS = 300;

export type CallbackOutcome = 'live' | 'gone' | 'ignored' | 'rejected' | 'unchanged';

export function createCallbackHandler(deps: LiveDeps) {
  return async (event: Buffer, ctx: FcContext): Promise<HttpTriggerResponse & { outcome: CallbackOutcome }> => {
    const log = loggerFor(ctx, deps.log);
    const reply = (statusCode: number, outcome: CallbackOutcome, body: unknown) => ({ ...httpReply(statusCode, body), outcome });
    let callback;
    try {
      const request = parseHttpTriggerEvent(event);
      const { ingest } = deps.settings;
      checkCallbackSignature(request.headers, {
        domain: ingest.domain,
        key: deps.keys.callback,
        nowMs: deps.clock.now(),
        maxSkewSeconds: CALLBACK_MAX_SKEW_SECONDS,
      });
      callback = parseStreamCallback(request.query);
    } catch (err) {
      if (!(err instanceof CallbackRejectedError || err instanceof MalformedEventError)) throw err;
      log.logError(err, 'stream callback refused', { decision: 'callback' });
      return reply(403, 'rejected', { error: { code: 'callback_rejected', message: err.message } });
    }
    const fields = { decision: 'callback', action: callback.action, stream: callback.stream };
    const names = parseStreamName(callback.stream);
    if (!names) {
      log.info('stream callback for a stream that is no mic: ignored', { ...fields, outcome: 'ignored' });
      return reply(200, 'ignored', { ok: true });
    }
    const { roomId, micId } = names;
    const table = deps.settings.tables.mics;
    if (callback.action === 'publish') {
      const uri = streamUri(deps.settings.ingest.app, callback.stream, 'rtmp');
      // Live checked the key's expiry when it took the push; here only that it was signed for this very stream.
      if (!verifyAuthKey(uri, callback.userArgs.auth_key ?? '', deps.keys.push, deps.clock.now(), Number.MAX_SAFE_INTEGER)) {
        log.warn('publish not signed for its own stream: refused', { ...fields, roomId, micId, outcome: 'rejected' });
        return reply(403, 'rejected', { error: { code: 'not_this_stream', message: 'the push was not signed for this stream' } });
      }
      const live = { row: 'EXPECT_EXIST' as const, column: { or: [columnEquals('state', 'JOINED'), columnEquals('state', 'GONE')] } };
      const changed = await ifCondition(() =>
        // publishedAt: the session's time as Live stamps it, so a late publish_done of an older session is told apart.
        deps.store.updateRow(table, micKey(roomId, micId), { put: { state: 'LIVE', liveAt: deps.clock.now(), publishedAt: callback.time } }, live, {
          returnRow: false,
        }),
      );
      log.info(changed ? 'mic live' : 'mic publish: no change', { ...fields, roomId, micId, outcome: changed ? 'live' : 'unchanged' });
      // A live mic makes sure its room has a mixer and a watchdog, on a retried callback too (the first may have
      // stopped after the LIVE write): both are idempotent.
      const isLive = changed || (await deps.store.getRow(table, micKey(roomId, micId)))?.state === 'LIVE';
      if (isLive) await ensureMixer(deps, roomId, log);
      return reply(200, changed ? 'live' : 'unchanged', { ok: true });
    }
    // Only the end of the session that made it live: a mic that reconnected before its old session's publish_done came stays
    // LIVE (a row written before publishedAt existed passes too).
    const session = { column: 'publishedAt', op: '<=' as const, value: callback.time, passIfMissing: true };
    const gone = { row: 'EXPECT_EXIST' as const, column: { and: [columnEquals('state', 'LIVE'), session] } };
    const changed = await ifCondition(() =>
      deps.store.updateRow(table, micKey(roomId, micId), { put: { state: 'GONE', goneAt: deps.clock.now() } }, gone, { returnRow: false }),
    );
    log.info(changed ? 'mic gone' : 'mic publish_done: no change', { ...fields, roomId, micId, outcome: changed ? 'gone' : 'unchanged' });
    return reply(200, changed ? 'gone' : 'unchanged', { ok: true });
  };
}
