/**
 * The mixer function (FC's custom runtime with the FFmpeg layer; one asynchronous invocation per start,
 * `{roomId, epoch}`, queued by ensureMixer after it took the lease): runs the room's mixer until the room
 * ends, idles out or the lease is taken over. It pulls each mic from the streaming domain and pushes the
 * mix to the ingest domain, both over signed RTMP URLs. FC does not retry it: the watchdog restarts a
 * mixer whose lease lapsed.
 */
import type { FcContext } from '../shared/context';
import { isRecord, MalformedEventError, parseJsonEvent } from '../shared/events/malformed-event-error';
import { parseTriggerEvent } from '../shared/events/parse-trigger-event';
import { loggerFor } from '../shared/log';
import type { LiveDeps } from './deps';
import { runRoomMixer, type MixerExit } from './mixer/room-mixer';
import { mixStreamName, streamName } from './room-record';
import { signedStreamUrl } from './url-signing';

export function parseMixerEvent(event: Buffer): { roomId: string; epoch: number } {
  const root = parseJsonEvent(event);
  if (!isRecord(root)) throw new MalformedEventError('$', 'expected a JSON object');
  if (typeof root.roomId !== 'string' || !/^r[0-9a-f]{32}$/.test(root.roomId)) throw new MalformedEventError('roomId', 'expected a room id');
  if (typeof root.epoch !== 'number' || !Number.isSafeInteger(root.epoch) || root.epoch < 1)
    throw new MalformedEventError('epoch', 'expected the lease epoch');
  return { roomId: root.roomId, epoch: root.epoch };
}

export function createMixer(deps: LiveDeps) {
  return async (event: Buffer, ctx: FcContext): Promise<{ exit?: MixerExit; malformed?: string }> => {
    const log = loggerFor(ctx, deps.log);
    const parsed = parseTriggerEvent(log, 'malformed mixer event', () => parseMixerEvent(event));
    if (!parsed.ok) return { malformed: parsed.error.message };
    const { roomId, epoch } = parsed.event;
    const { ingest, play, signing, mixer, tables } = deps.settings;
    const sign = (domain: string, app: string, stream: string, privateKey: string, lifetimeSeconds: number) =>
      signedStreamUrl(domain, app, stream, 'rtmp', { privateKey, convention: signing.convention, lifetimeSeconds }, deps.clock.now());
    const exit = await runRoomMixer({
      roomId,
      epoch,
      store: deps.store,
      tables,
      clock: deps.clock,
      log: log.child({ roomId, epoch }),
      slots: mixer.slots,
      slot: mixer.slotSize,
      pushUrl: sign(ingest.domain, ingest.app, mixStreamName(roomId), deps.keys.push, signing.pushLifetimeSeconds),
      pullUrl: (micId) => sign(play.domain, play.app, streamName(roomId, micId), deps.keys.play, signing.playLifetimeSeconds),
      idleStopSeconds: mixer.idleStopSeconds,
      handoverAfterMs: mixer.handoverAfterSeconds * 1000,
      startGraceMs: mixer.startGraceSeconds * 1000,
      // The next mixer of a handover: an asynchronous invocation of this function (never retried by FC).
      startNext: (next) => deps.invoker.invokeAsync(deps.functions.mixer, { roomId, epoch: next }),
    });
    return { exit };
  };
}
