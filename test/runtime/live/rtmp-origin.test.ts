/**
 * The local ingest end to end: a real RTMP server and a real ffmpeg publisher, the push URL the room API
 * signed, Live's callbacks delivered to the callback function: the mic goes LIVE (and its room's mixer
 * is started), then GONE; an unsigned push and one signed for another mic's stream are refused.
 */
import type { RtmpOrigin } from '../../../runtime/live/local/rtmp-origin';
import { syntheticMicArgs } from '../../../runtime/live/local/synthetic-mic';
import { runFfmpeg } from '../../../runtime/shared/ffmpeg';
import { liveHarness, originFor } from './live-harness';

jest.setTimeout(30_000);

describe('local RTMP origin', () => {
  const h = liveHarness();
  let origin: RtmpOrigin;
  beforeAll(async () => {
    origin = await originFor(h);
  });
  afterAll(() => origin.close());

  const publish = (url: string, seconds: number) => runFfmpeg(syntheticMicArgs(url, { color: 'red', tone: 440, fps: 15, seconds }));
  const local = (pushUrl: string) => pushUrl.replace('rtmp://push.example.com', origin.url);

  it('takes a push signed for the mic, tells the callback publish then publish_done, and the mixer is started', async () => {
    const id = (await h.call('POST', '/rooms', { idempotencyKey: 'e2e' })).body.room.roomId as string;
    const joined = await h.call('POST', `/rooms/${id}/mics`, { micId: 'host' });
    await publish(local(joined.body.push.url), 2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(origin.callbacks.map((c) => [c.action, c.id])).toEqual([
      ['publish', `${id}-host`],
      ['publish_done', `${id}-host`],
    ]);
    expect(h.callbackStatuses).toEqual([200, 200]);
    expect(h.mixerStarts).toEqual([{ roomId: id, epoch: 1 }]);
    expect((await h.call('GET', `/rooms/${id}`)).body.room.mics[0].state).toBe('GONE');
  });

  it('refuses an unsigned push and one signed for another stream, and tells nobody', async () => {
    const id = (await h.call('POST', '/rooms', { idempotencyKey: 'refused' })).body.room.roomId as string;
    const guest = await h.call('POST', `/rooms/${id}/mics`, { micId: 'guest' });
    const before = origin.callbacks.length;
    await expect(publish(`${origin.url}/live/${id}-host`, 1)).rejects.toThrow();
    const stolen = local(guest.body.push.url).replace(`${id}-guest`, `${id}-host`);
    await expect(publish(stolen, 1)).rejects.toThrow();
    expect(origin.refused).toBe(2);
    expect(origin.callbacks.length).toBe(before);
  });
});
