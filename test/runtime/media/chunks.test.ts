/** Where a long source is cut, what its plan is, and how its chunks are stitched: pure decisions (chunks.ts, plan.ts). */
import {
  audioBitrates,
  audioPlaylists,
  chunkTargets,
  MAX_CHUNKS,
  planChunks,
  stitchRenditions,
  type ChunkRendition,
} from '../../../runtime/media/chunks';
import { versionTag } from '../../../runtime/media/segment-names';
import { masterPlaylist, mediaPlaylist, parseMediaPlaylist } from '../../../runtime/media/hls-playlist';
import type { Job, Part } from '../../../runtime/media/jobs';
import { planParts } from '../../../runtime/media/plan';
import type { MediaSettings } from '../../../runtime/media/settings';
import { keyframeMicros } from '../../../runtime/shared/ffmpeg';
import { DEFAULT_LADDER } from '../../../constructs/media-pipeline/defaults';

const settings = { chunking: { minSourceSeconds: 60, chunkSeconds: 30 }, packaging: 'hls' as const, segmentSeconds: 6 };
/** Key frames every `gop` seconds: the lookup answers the one at or before each wanted cut. */
const gopOf = (gop: number) => async (seconds: readonly number[]) => seconds.map((s) => Math.floor(s / gop) * gop * 1e6);

describe('where a long source is cut', () => {
  test('not at all: short, MP4, or no chunking', () => {
    expect(chunkTargets(settings, 60)).toEqual([]);
    expect(chunkTargets({ ...settings, packaging: 'mp4' }, 600)).toEqual([]);
    expect(chunkTargets({ ...settings, chunking: undefined }, 600)).toEqual([]);
  });

  test('every chunkSeconds in whole segments: 10 minutes into 20 chunks of 30 s; the last from half a chunk to 1.5', () => {
    expect(chunkTargets(settings, 600)).toEqual(Array.from({ length: 19 }, (_, i) => 30 * (i + 1)));
    expect(chunkTargets(settings, 100)).toEqual([30, 60]);
    expect(chunkTargets(settings, 105)).toEqual([30, 60, 90]);
    // 40 s chunks on a 6 s grid are 42 s.
    expect(chunkTargets({ ...settings, chunking: { minSourceSeconds: 60, chunkSeconds: 40 } }, 200)).toEqual([42, 84, 126, 168]);
  });

  test('at most MAX_CHUNKS: two hours get longer chunks', () => {
    const targets = chunkTargets(settings, 7200);
    expect(targets).toHaveLength(MAX_CHUNKS - 1);
    // 7200 / 32 = 225 s, rounded up to whole 6 s segments.
    expect(targets[0]).toBe(228);
  });

  test('at the key frame at or before each cut, in microseconds', async () => {
    const chunks = await planChunks(settings, { durationSeconds: 100 }, gopOf(4));
    expect(chunks).toEqual([
      { index: 0, startMicros: 0, endMicros: 28_000_000 },
      { index: 1, startMicros: 28_000_000, endMicros: 60_000_000 },
      { index: 2, startMicros: 60_000_000 },
    ]);
  });

  test('a key frame too close to the last cut or the end is dropped; none at all leaves the source whole', async () => {
    // 100 s in chunks of 30 s: a cut needs 15 s to the one before it and to the end.
    const starts = async (keyframes: number[]) =>
      (await planChunks(settings, { durationSeconds: 100 }, async () => keyframes)).map((c) => c.startMicros);
    expect(await starts([28e6, 35e6])).toEqual([0, 28e6]);
    expect(await starts([10e6, 66e6])).toEqual([0, 66e6]);
    expect(await starts([28e6, 90e6])).toEqual([0, 28e6]);
    // Key frames every 50 s: the cut wanted at 30 s falls back to the start (dropped), the one at 60 s to 50 s.
    expect((await planChunks(settings, { durationSeconds: 100 }, gopOf(50))).map((c) => c.startMicros)).toEqual([0, 50e6]);
    expect(await planChunks(settings, { durationSeconds: 100 }, async () => [])).toEqual([]);
    expect(await planChunks(settings, { durationSeconds: 100 }, gopOf(1000))).toEqual([]);
  });

  test('ffprobe’s packets: key frames only, from the file’s start, sorted without repeats', () => {
    const json = {
      packets: [
        { pts_time: '11.400000', flags: 'K__' },
        { pts_time: '5.400000', flags: 'K__' },
        { pts_time: '5.400000', flags: 'K__' },
        { pts_time: '7.000000', flags: '___' },
        { flags: 'K__' },
      ],
    };
    expect(keyframeMicros(json, 1.4)).toEqual([4_000_000, 10_000_000]);
  });
});

describe('the plan of a chunked job', () => {
  const source = { width: 1920, height: 1080, fps: 30, hasAudio: true };
  const chunks = [
    { index: 0, startMicros: 0, endMicros: 30_000_000 },
    { index: 1, startMicros: 30_000_000 },
  ];
  const base: Pick<MediaSettings, 'ladder' | 'layout' | 'thumbnails'> = {
    ladder: DEFAULT_LADDER,
    layout: 'balanced',
    thumbnails: { count: 3, width: 320 },
  };

  test('each part of the layout once per chunk, largest first, then the audio (one track per rung bitrate) and thumbnails', () => {
    const plan = planParts(base, source, chunks);
    expect(plan.map((p) => p.name)).toEqual([
      '1080p@0',
      '1080p@1',
      '720p+540p+234p@0',
      '720p+540p+234p@1',
      '360p@0',
      '360p@1',
      'audio',
      'thumbnails',
    ]);
    expect(plan.find((p) => p.kind === 'audio')).toEqual({ name: 'audio', kind: 'audio', bitrates: [128, 96, 64] });
  });

  test('no audio part for a silent source; no chunks, the plan of before', () => {
    expect(planParts(base, { ...source, hasAudio: false }, chunks).map((p) => p.kind)).not.toContain('audio');
    expect(planParts(base, source, []).map((p) => p.name)).toEqual(['1080p', '720p+540p+234p', '360p', 'thumbnails']);
  });

  test('audio bitrates: distinct, highest first', () => {
    expect(audioBitrates([{ audioBitrate: 64 }, { audioBitrate: 128 }, { audioBitrate: 64 }])).toEqual([128, 64]);
  });
});

describe('stitching', () => {
  const r = (name: string, audioBitrate: number) => ({ name, width: 640, height: 360, fps: 30, videoBitrate: 365, audioBitrate });
  const chunkPart = (index: number): Part => ({
    name: `360p@${index}`,
    kind: 'renditions',
    renditions: [r('360p', 96)],
    chunk: index === 0 ? { index, startMicros: 0, endMicros: 9e6 } : { index, startMicros: 9e6 },
  });
  const made = (segments: ChunkRendition['segments']): ChunkRendition => ({
    name: '360p',
    width: 640,
    height: 360,
    videoCodec: 'avc1.64001e',
    key: 'processed/a.mp4/360p/index.m3u8',
    segments,
  });
  const track = { bitrate: 96, group: 'aac-96k', key: 'processed/a.mp4/audio/96k/index.m3u8', bandwidth: 100_000, averageBandwidth: 96_000 };
  const jobId = '1a2b3c4d5e6f70819293a4b5c6d7e8f9';
  const claimedBy = 'planner-request';
  const tag = versionTag({ jobId, claimedBy });
  const job = (done: boolean, firstChunkLast = 3): Pick<Job, 'jobId' | 'claimedBy' | 'plan' | 'parts'> => ({
    jobId,
    claimedBy,
    // Chunk 1 listed first: the stitch orders by chunk, not by plan position.
    plan: [chunkPart(1), chunkPart(0), { name: 'audio', kind: 'audio', bitrates: [96] }],
    parts: [
      {
        state: 'DONE',
        result: {
          kind: 'chunk',
          chunk: 1,
          renditions: [
            made([
              [6, 300_000],
              [1.5, 60_000],
            ]),
          ],
        },
      },
      {
        state: 'DONE',
        result: {
          kind: 'chunk',
          chunk: 0,
          renditions: [
            made([
              [6, 270_000],
              [firstChunkLast, 150_000],
            ]),
          ],
        },
      },
      done
        ? {
            state: 'DONE',
            result: {
              kind: 'audio',
              tracks: [
                {
                  ...track,
                  durationSeconds: 16.5,
                  segmentCount: 2,
                  firstSegmentKeys: [],
                  segments: [
                    [10, 120_000],
                    [6.5, 80_000],
                  ],
                },
              ],
            },
          }
        : {},
    ],
  });

  test('a rendition’s segments in chunk order, named by chunk, with the variant’s bandwidth and codecs (video and its audio track)', () => {
    const [stitched] = stitchRenditions(job(true));
    expect(parseMediaPlaylist(stitched.playlist)).toEqual([
      { uri: `${tag}_000_00000.ts`, durationSeconds: 6 },
      { uri: `${tag}_000_00001.ts`, durationSeconds: 3 },
      { uri: `${tag}_001_00000.ts`, durationSeconds: 6 },
      { uri: `${tag}_001_00001.ts`, durationSeconds: 1.5 },
    ]);
    expect(stitched.result).toMatchObject({
      name: '360p',
      durationSeconds: 16.5,
      segmentCount: 4,
      // Peak: 300 kB in 6 s = 400 kb/s of video, plus the track's 100 kb/s.
      bandwidth: 400_000 + 100_000,
      averageBandwidth: Math.ceil((780_000 * 8) / 16.5) + 96_000,
      codecs: 'avc1.64001e,mp4a.40.2',
      audioGroup: 'aac-96k',
      firstSegmentKeys: [`processed/a.mp4/360p/${tag}_000_00000.ts`, `processed/a.mp4/360p/${tag}_000_00001.ts`],
    });
  });

  test('a chunk whose last frame runs past the cut (variable frame rate) is shortened to it: no drift at the joins', () => {
    const [stitched] = stitchRenditions(job(true, 3.017));
    expect(parseMediaPlaylist(stitched.playlist).map((s) => s.durationSeconds)).toEqual([6, 3, 6, 1.5]);
    // A chunk that ends short of its cut keeps its durations.
    expect(parseMediaPlaylist(stitchRenditions(job(true, 2.95))[0].playlist)[1].durationSeconds).toBe(2.95);
  });

  test('the audio track’s playlist, written at finalize, names its version’s segments', () => {
    expect(audioPlaylists(job(true))).toEqual([
      {
        key: 'processed/a.mp4/audio/96k/index.m3u8',
        playlist: mediaPlaylist([
          { uri: `${tag}_00000.ts`, durationSeconds: 10 },
          { uri: `${tag}_00001.ts`, durationSeconds: 6.5 },
        ]),
      },
    ]);
  });

  test('a silent source’s rendition names no audio', () => {
    const [stitched] = stitchRenditions(job(false));
    expect(stitched.result.codecs).toBe('avc1.64001e');
    expect(stitched.result.audioGroup).toBeUndefined();
  });

  test('a media playlist: VOD, every EXTINF, TARGETDURATION the longest rounded up', () => {
    expect(
      mediaPlaylist([
        { uri: 'a.ts', durationSeconds: 6.0 },
        { uri: 'b.ts', durationSeconds: 6.033333 },
      ]),
    ).toBe(
      '#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:7\n#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:VOD\n' +
        '#EXTINF:6.000000,\na.ts\n#EXTINF:6.033333,\nb.ts\n#EXT-X-ENDLIST\n',
    );
  });

  test('the master names each audio track once and each variant its group', () => {
    const text = masterPlaylist(
      [
        {
          bandwidth: 500_000,
          averageBandwidth: 400_000,
          width: 640,
          height: 360,
          codecs: 'avc1.64001e,mp4a.40.2',
          audioGroup: 'aac-96k',
          uri: '360p/index.m3u8',
        },
      ],
      [{ group: 'aac-96k', uri: 'audio/96k/index.m3u8' }],
    );
    expect(text.split('\n').slice(3, 6)).toEqual([
      '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aac-96k",NAME="audio",DEFAULT=YES,AUTOSELECT=YES,CHANNELS="2",URI="audio/96k/index.m3u8"',
      '#EXT-X-STREAM-INF:BANDWIDTH=500000,AVERAGE-BANDWIDTH=400000,RESOLUTION=640x360,CODECS="avc1.64001e,mp4a.40.2",AUDIO="aac-96k"',
      '360p/index.m3u8',
    ]);
  });
});
