/**
 * The mixer end to end on the local ingest: two ffmpeg mics publish through the room API's signed URLs,
 * the mixer pulls them, composes them into one stream and pushes it back; a viewer reads it with ffprobe
 * at the room's resolution and frame rate; a mic dropping abruptly does not stop the output; ending the
 * room stops the mixer and gives the lease back; a second mixer of the same room cannot take it over.
 */
import type { RtmpOrigin } from '../../../runtime/live/local/rtmp-origin';
import { syntheticMic } from '../../../runtime/live/local/synthetic-mic';
import { takeLease } from '../../../runtime/live/mixer-lease';
import { runRoomMixer } from '../../../runtime/live/mixer/room-mixer';
import { mixStreamName } from '../../../runtime/live/room-record';
import { authKey } from '../../../runtime/live/url-signing';
import { SystemClock } from '../../../runtime/shared/clock';
import { probeJson, runFfmpeg } from '../../../runtime/shared/ffmpeg';
import { createLogger } from '../../../runtime/shared/log';
import { KEYS, liveHarness, originFor, SETTINGS } from './live-harness';

jest.setTimeout(60_000);

describe('room mixer', () => {
  const h = liveHarness();
  let origin: RtmpOrigin;
  const logs: Array<Record<string, any>> = [];
  beforeAll(async () => {
    origin = await originFor(h);
  });
  afterAll(() => origin.close());

  const publisher = (url: string, color: string) => syntheticMic(url, { color, tone: 440, fps: 15 });
  const signed = (stream: string) => `${origin.url}/live/${stream}?auth_key=${authKey(`/live/${stream}`, KEYS.push, Math.floor(Date.now() / 1000))}`;
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  /** The luma of one pixel of the mix's next frame, as a viewer decodes it. */
  const lumaAt = async (url: string, points: Array<[number, number]>) => {
    const { stdout } = await runFfmpeg(['-nostdin', '-i', url, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'gray', 'pipe:1']);
    return points.map(([x, y]) => stdout[y * 320 + x]);
  };

  it('mixes two mics into one stream at the room format, survives a mic dropping, and stops when the room ends', async () => {
    const created = await h.call('POST', '/rooms', { idempotencyKey: 'mix', output: { width: 320, height: 180, fps: 15 } });
    const roomId = created.body.room.roomId as string;
    const pushUrls: string[] = [];
    for (const micId of ['host', 'guest']) {
      const joined = await h.call('POST', `/rooms/${roomId}/mics`, { micId, role: micId === 'host' ? 'host' : 'cohost' });
      pushUrls.push(joined.body.push.url.replace('rtmp://push.example.com', origin.url));
    }
    const host = publisher(pushUrls[0], 'red');
    const guest = publisher(pushUrls[1], 'blue');
    await sleep(1500);
    expect((await h.call('GET', `/rooms/${roomId}`)).body.room.mics.map((m: { state: string }) => m.state)).toEqual(['LIVE', 'LIVE']);
    const lease = await takeLease(h.deps.store, SETTINGS.tables.rooms, roomId, Date.now(), 30_000);
    // The callback already started "a mixer" (the harness records it): this test runs that mixer itself.
    expect(lease).toBeUndefined();
    const epoch = h.mixerStarts[0].epoch;
    const log = createLogger({ requestId: 'mixer', fn: 'live-mixer', writer: (line) => logs.push(JSON.parse(line)) });
    const abort = new AbortController();
    const mixer = runRoomMixer(
      {
        roomId,
        epoch,
        store: h.deps.store,
        tables: SETTINGS.tables,
        clock: new SystemClock(),
        log,
        slots: 2,
        slot: { width: 160, height: 90 },
        pushUrl: signed(mixStreamName(roomId)),
        pullUrl: (micId) => `${origin.url}/live/${roomId}-${micId}`,
        idleStopSeconds: 60,
      },
      abort.signal,
    );
    await sleep(4000);
    const probe = await probeJson(`${origin.url}/live/${mixStreamName(roomId)}`);
    const video = (probe.streams as Array<Record<string, any>>).find((s) => s.codec_type === 'video')!;
    expect([video.width, video.height, video.r_frame_rate]).toEqual([320, 180, '15/1']);
    // The grid of two: the host (red, luma 81) on the left, the guest (blue, luma 41) on the right.
    const mixUrl = `${origin.url}/live/${mixStreamName(roomId)}`;
    const [left, right] = await lumaAt(mixUrl, [
      [80, 90],
      [240, 90],
    ]);
    // (Two encodes and a scale away from the sources: within 15.)
    expect(Math.abs(left - 81)).toBeLessThan(15);
    expect(Math.abs(right - 41)).toBeLessThan(15);
    guest.kill('SIGKILL');
    await sleep(2500);
    // The output goes on: the guest is gone, its tile has the placeholder (luma 96) or the host alone fills the picture.
    const after = await lumaAt(mixUrl, [
      [80, 90],
      [240, 90],
    ]);
    expect(Math.abs(after[0] - 81)).toBeLessThan(15);
    expect(Math.abs(after[1] - 96)).toBeLessThan(15);
    await h.call('POST', `/rooms/${roomId}/end`);
    expect(await mixer).toBe('ended');
    host.kill('SIGKILL');
    expect(logs.filter((l) => l.decision === 'layout').length).toBeGreaterThan(0);
    expect(logs.find((l) => l.msg === 'mixer stopped')).toMatchObject({ exit: 'ended' });
    abort.abort();
  });
});
