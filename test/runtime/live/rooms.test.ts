/** The room API through API Gateway events, and publish callbacks through HTTP trigger events. */
import { roomIdFor } from '../../../runtime/live/rooms';
import { authKey, verifyAuthKey } from '../../../runtime/live/url-signing';
import { KEYS, liveHarness, T0 } from './live-harness';

type H = ReturnType<typeof liveHarness>;
async function room(h: H, key = 'k1') {
  const reply = await h.call('POST', '/rooms', { idempotencyKey: key });
  expect(reply.status).toBe(201);
  return reply.body.room.roomId as string;
}
const publishQuery = (stream: string, action = 'publish', authKeyValue = authKey(`/live/${stream}`, KEYS.push, Math.floor(T0 / 1000))) => ({
  action,
  id: stream,
  app: 'push.example.com',
  appname: 'live',
  time: String(Math.floor(T0 / 1000)),
  usrargs: `auth_key=${authKeyValue}`,
});

describe('room API', () => {
  it('creates a room once per key, with signed viewer URLs of its mix for RTMP, FLV and HLS', async () => {
    const h = liveHarness();
    const first = await h.call('POST', '/rooms', { idempotencyKey: 'k1', output: { width: 960, height: 540, fps: 25 } });
    expect(first.status).toBe(201);
    expect(first.body.room).toMatchObject({ roomId: roomIdFor('k1'), state: 'OPEN', output: { width: 960, height: 540, fps: 25 }, layoutVersion: 1 });
    const viewer = first.body.room.viewer;
    const mix = `${roomIdFor('k1')}_mix`;
    expect(viewer.rtmp).toMatch(new RegExp(`^rtmp://live\\.example\\.com/live/${mix}\\?auth_key=`));
    expect(viewer.flv).toMatch(new RegExp(`^https://live\\.example\\.com/live/${mix}\\.flv\\?auth_key=`));
    expect(viewer.hls).toMatch(new RegExp(`^https://live\\.example\\.com/live/${mix}\\.m3u8\\?auth_key=`));
    expect(verifyAuthKey(`/live/${mix}.flv`, new URL(viewer.flv).searchParams.get('auth_key')!, KEYS.play, T0, 60)).toBe(true);
    expect(await h.call('POST', '/rooms', { idempotencyKey: 'k1', output: { width: 960, height: 540, fps: 25 } })).toMatchObject({ status: 200 });
    expect((await h.call('POST', '/rooms', { idempotencyKey: 'k1' })).body.error).toMatchObject({ code: 'idempotency_key_reused' });
  });

  it('gives each mic the lowest free slot and a push URL signed for its own stream; a retried join answers the same slot', async () => {
    const h = liveHarness();
    const id = await room(h);
    const host = await h.call('POST', `/rooms/${id}/mics`, { micId: 'host', role: 'host' });
    expect(host.status).toBe(201);
    expect(host.body.mic).toEqual({ roomId: id, micId: 'host', slot: 0, role: 'host' });
    expect(host.body.push.url).toMatch(new RegExp(`^rtmp://push\\.example\\.com/live/${id}-host\\?auth_key=`));
    const guest = await h.call('POST', `/rooms/${id}/mics`, { micId: 'guest' });
    expect(guest.body.mic.slot).toBe(1);
    expect(await h.call('POST', `/rooms/${id}/mics`, { micId: 'guest' })).toMatchObject({ status: 200, body: { mic: { slot: 1 } } });
    await h.call('DELETE', `/rooms/${id}/mics/host`);
    expect((await h.call('POST', `/rooms/${id}/mics`, { micId: 'third' })).body.mic.slot).toBe(0);
    expect((await h.call('GET', `/rooms/${id}`)).body.room.mics.map((m: { micId: string; slot: number }) => [m.micId, m.slot])).toEqual([
      ['guest', 1],
      ['third', 0],
    ]);
  });

  it('finishes a join whose function died between taking the slot and writing the mic, when the client retries', async () => {
    const h = liveHarness();
    const id = await room(h);
    const store = h.deps.store;
    const realPut = store.putRow.bind(store);
    let dieOnce = true;
    store.putRow = async (table, key, attributes, condition) => {
      if (dieOnce && table === 'room_mics') {
        dieOnce = false;
        throw new Error('function killed');
      }
      return realPut(table, key, attributes, condition);
    };
    expect((await h.call('POST', `/rooms/${id}/mics`, { micId: 'host' })).status).toBe(500);
    expect(await h.call('POST', `/rooms/${id}/mics`, { micId: 'host' })).toMatchObject({ status: 200, body: { mic: { slot: 0 } } });
    expect((await h.call('GET', `/rooms/${id}`)).body.room.mics).toEqual([expect.objectContaining({ micId: 'host', slot: 0, state: 'JOINED' })]);
  });

  it('takes as many mics as the mixer has slots, and none once the room has ended', async () => {
    const h = liveHarness();
    const id = await room(h);
    const slots = h.deps.settings.mixer.slots;
    for (let i = 0; i < slots; i++) expect((await h.call('POST', `/rooms/${id}/mics`, { micId: `m${i}` })).status).toBe(201);
    const full = await h.call('POST', `/rooms/${id}/mics`, { micId: 'one_more' });
    expect(full.body.error).toMatchObject({ code: 'room_full', message: `room ${id} has ${slots} mics, the most its mixer shows` });
    // A freed slot is taken again.
    await h.call('DELETE', `/rooms/${id}/mics/m1`);
    expect((await h.call('POST', `/rooms/${id}/mics`, { micId: 'one_more' })).body.mic).toMatchObject({ slot: 1 });
    expect((await h.call('POST', `/rooms/${id}/end`)).status).toBe(200);
    expect((await h.call('POST', `/rooms/${id}/end`)).status).toBe(200);
    await h.call('DELETE', `/rooms/${id}/mics/m0`);
    expect((await h.call('POST', `/rooms/${id}/mics`, { micId: 'late' })).body.error).toMatchObject({ code: 'room_ended' });
  });

  it('a retried join racing a leave of the same mic ends with the mic in a slot, never with a slot-less JOINED row', async () => {
    const h = liveHarness();
    const id = await room(h);
    expect((await h.call('POST', `/rooms/${id}/mics`, { micId: 'guest' })).body.mic.slot).toBe(0);
    const store = h.deps.store;
    const { rooms, mics } = h.deps.settings.tables;
    // The leave wrote LEFT and is about to free slot 0; the client retries its join meanwhile.
    await store.updateRow(
      mics,
      [
        ['roomId', id],
        ['micId', 'guest'],
      ],
      { put: { state: 'LEFT' } },
    );
    const putRow = store.putRow.bind(store);
    let raced = false;
    store.putRow = async (...args: Parameters<typeof store.putRow>) => {
      const written = await putRow(...args);
      // Right after the join rewrote the mic row, the leave frees the slot.
      if (!raced && args[0] === mics) {
        raced = true;
        await store.updateRow(rooms, [['roomId', id]], { delete: ['slot0'] });
      }
      return written;
    };
    const rejoined = await h.call('POST', `/rooms/${id}/mics`, { micId: 'guest' });
    expect(raced).toBe(true);
    const slot = rejoined.body.mic.slot as number;
    const roomRow = await store.getRow(rooms, [['roomId', id]]);
    expect(roomRow?.[`slot${slot}`]).toBe('guest');
    expect(
      await store.getRow(mics, [
        ['roomId', id],
        ['micId', 'guest'],
      ]),
    ).toMatchObject({ state: 'JOINED', slot });
  });

  it('changes the layout at the version read, answers a retried change again, refuses a stale one, sets per-mic audio', async () => {
    const h = liveHarness();
    const id = await room(h);
    await h.call('POST', `/rooms/${id}/mics`, { micId: 'host' });
    await h.call('POST', `/rooms/${id}/mics`, { micId: 'guest' });
    const change = { layout: { preset: 'speaker' }, expectedVersion: 1, audio: { guest: { gain: 0.5, muted: true } } };
    expect(await h.call('PUT', `/rooms/${id}/layout`, change)).toEqual({ status: 200, body: { layout: { preset: 'speaker' }, layoutVersion: 2 } });
    expect((await h.call('PUT', `/rooms/${id}/layout`, change)).status).toBe(200);
    const stale = await h.call('PUT', `/rooms/${id}/layout`, { layout: { preset: 'grid' }, expectedVersion: 1 });
    expect(stale.body.error).toMatchObject({ code: 'version_conflict', field: 'expectedVersion', currentVersion: 2 });
    const mics = (await h.call('GET', `/rooms/${id}`)).body.room.mics;
    expect(mics.find((m: { micId: string }) => m.micId === 'guest')).toMatchObject({ gain: 0.5, muted: true });
  });

  it.each([
    ['POST', '/rooms', { idempotencyKey: 'k', output: { width: 1281, height: 720, fps: 30 } }, 'output.width'],
    ['POST', '/rooms', { idempotencyKey: 'k', output: { width: 1280, height: 720, fps: 120 } }, 'output.fps'],
    ['POST', '/rooms', { idempotencyKey: 'k', layout: { preset: 'mosaic' } }, 'layout'],
    ['POST', '/rooms', { idempotencyKey: 'k', layout: { boxes: [{ fillPositionNormalized: [0, 0], fillSizeNormalized: [2, 1] }] } }, 'layout'],
    ['POST', '/rooms', {}, 'idempotencyKey'],
  ])('%s %s refuses a bad field, naming it, and writes nothing', async (method, url, body, field) => {
    const h = liveHarness();
    const reply = await h.call(method, url, body);
    expect(reply.status).toBe(400);
    expect(reply.body.error.field).toBe(field);
    expect(await h.deps.store.getRow('rooms', [['roomId', roomIdFor('k')]])).toBeUndefined();
  });

  it('refuses bad mic ids and audio for mics the room does not have', async () => {
    const h = liveHarness();
    const id = await room(h);
    expect((await h.call('POST', `/rooms/${id}/mics`, { micId: 'has-dash' })).body.error).toMatchObject({ field: 'micId' });
    expect((await h.call('POST', `/rooms/${id}/mics`, { micId: 'ok', role: 'boss' })).body.error).toMatchObject({ field: 'role' });
    const reply = await h.call('PUT', `/rooms/${id}/layout`, { expectedVersion: 1, audio: { ghost: { gain: 1 } } });
    expect(reply.body.error).toMatchObject({ field: 'audio.ghost' });
    expect((await h.call('GET', '/rooms/r0000')).status).toBe(404);
  });
});

describe('publish callbacks', () => {
  it('marks a mic LIVE on a publish signed for its own stream, GONE on publish_done, and keeps a LEFT one LEFT', async () => {
    const h = liveHarness();
    const id = await room(h);
    await h.call('POST', `/rooms/${id}/mics`, { micId: 'host' });
    const stream = `${id}-host`;
    expect((await h.notify(publishQuery(stream))).outcome).toBe('live');
    expect((await h.notify(publishQuery(stream))).outcome).toBe('unchanged');
    expect((await h.call('GET', `/rooms/${id}`)).body.room.mics[0].state).toBe('LIVE');
    expect((await h.notify(publishQuery(stream, 'publish_done'))).outcome).toBe('gone');
    expect((await h.notify(publishQuery(stream))).outcome).toBe('live');
    await h.call('DELETE', `/rooms/${id}/mics/host`);
    expect((await h.notify(publishQuery(stream))).outcome).toBe('unchanged');
  });

  it('keeps a reconnected mic LIVE when the publish_done of its older session comes after the new publish', async () => {
    const h = liveHarness();
    const id = await room(h);
    await h.call('POST', `/rooms/${id}/mics`, { micId: 'host' });
    const stream = `${id}-host`;
    const at = (query: Record<string, string>, seconds: number) => ({ ...query, time: String(Math.floor(T0 / 1000) + seconds) });
    expect((await h.notify(at(publishQuery(stream), 0))).outcome).toBe('live');
    // The phone drops and reconnects at +30 s; Live tells of the old session's end only at +32 s, naming its time (+20 s).
    expect((await h.notify(at(publishQuery(stream, 'publish_done'), 20))).outcome).toBe('gone');
    expect((await h.notify(at(publishQuery(stream), 30))).outcome).toBe('live');
    expect((await h.notify(at(publishQuery(stream, 'publish_done'), 20))).outcome).toBe('unchanged');
    expect((await h.call('GET', `/rooms/${id}`)).body.room.mics[0].state).toBe('LIVE');
    // The new session's own end does mark it gone.
    expect((await h.notify(at(publishQuery(stream, 'publish_done'), 40))).outcome).toBe('gone');
  });

  it('refuses a push signed for another stream, a forged or stale signature, and ignores streams that are no mic', async () => {
    const h = liveHarness();
    const id = await room(h);
    await h.call('POST', `/rooms/${id}/mics`, { micId: 'host' });
    await h.call('POST', `/rooms/${id}/mics`, { micId: 'guest' });
    const guestKey = authKey(`/live/${id}-guest`, KEYS.push, Math.floor(T0 / 1000));
    const stolen = await h.notify(publishQuery(`${id}-host`, 'publish', guestKey));
    expect(stolen).toMatchObject({ statusCode: 403, outcome: 'rejected' });
    const forged = await h.notify(publishQuery(`${id}-host`), { 'ALI-LIVE-TIMESTAMP': String(T0 / 1000), 'ALI-LIVE-SIGNATURE': '0'.repeat(32) });
    expect(forged).toMatchObject({ statusCode: 403, outcome: 'rejected' });
    h.clock.advance(0);
    const staleTs = String(T0 / 1000 - 3600);
    const stale = await h.notify(publishQuery(`${id}-host`), { 'ALI-LIVE-TIMESTAMP': staleTs, 'ALI-LIVE-SIGNATURE': '' });
    expect(stale.outcome).toBe('rejected');
    expect((await h.notify(publishQuery(`${id}_mix`))).outcome).toBe('ignored');
    expect((await h.call('GET', `/rooms/${id}`)).body.room.mics.map((m: { state: string }) => m.state)).toEqual(['JOINED', 'JOINED']);
    expect(h.logLines.filter((l) => l.msg === 'stream callback refused')).toHaveLength(2);
  });
});
