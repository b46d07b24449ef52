/**
 * A long source split, rendered and stitched end to end on the local pipeline (issue 11): a 12 s clip whose key frames
 * fall every 1.6 s, cut into chunks of about 4 s (so the cuts move off the segment grid onto key frames), two
 * renditions from one decode per chunk, the audio as its own track.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { runMediaLocally } from '../../../bin/media-local';
import { generateSampleVideo } from '../../../bin/sample-media';
import { readJob, renditionResults } from '../../../runtime/media/jobs';
import { versionTag } from '../../../runtime/media/segment-names';
import { parseMediaPlaylist } from '../../../runtime/media/hls-playlist';
import type { MediaSettings } from '../../../runtime/media/settings';
import { probe, runFfmpeg } from '../../../runtime/shared/ffmpeg';
import { hlsTimeline } from '../../support/hls-timeline';
import { TINY_SETTINGS, tmpWorkDir } from './media-fixtures';

const FPS = 15;
const FRAME = 1 / FPS;
const SETTINGS: MediaSettings = {
  ...TINY_SETTINGS,
  ladder: TINY_SETTINGS.ladder.slice(0, 2),
  layout: 'cost',
  thumbnails: { count: 1, width: 64 },
  chunking: { minSourceSeconds: 6, chunkSeconds: 4 },
};

let run: Awaited<ReturnType<typeof runMediaLocally>>;
let workDir: string;
let sourceSeconds: number;
const local = (key: string) => path.join(workDir, 'buckets', 'media', key);

beforeAll(async () => {
  workDir = tmpWorkDir('chunked');
  const file = await generateSampleVideo(path.join(workDir, 'long.mp4'), {
    durationSeconds: 12,
    width: 320,
    height: 180,
    fps: FPS,
    keyframeSeconds: 1.6,
  });
  sourceSeconds = (await probe(file)).durationSeconds;
  run = await runMediaLocally({ file, workDir, settings: SETTINGS });
}, 120_000);

describe('a long source in chunks', () => {
  it('is cut at the key frames before 4 s and 8 s, each chunk a part, the audio one more', () => {
    const job = readJob(run.jobId!, run.job!);
    expect(job.status).toBe('DONE');
    expect(job.plan?.map((p) => p.name)).toEqual(['180p+120p@0', '180p+120p@1', '180p+120p@2', 'audio', 'thumbnails']);
    expect(job.plan?.flatMap((p) => (p.kind === 'renditions' ? [p.chunk] : []))).toEqual([
      { index: 0, startMicros: 0, endMicros: 3_200_000 },
      { index: 1, startMicros: 3_200_000, endMicros: 8_000_000 },
      { index: 2, startMicros: 8_000_000 },
    ]);
    expect(run.ok).toBe(true);
  });

  it('stitches each rendition: every frame once, timestamps continuous, the source’s duration within one frame', async () => {
    const job = readJob(run.jobId!, run.job!);
    const renditions = renditionResults(job);
    expect(renditions.map((r) => [r.name, r.width, r.height, r.audioGroup])).toEqual([
      ['180p', 320, 180, 'aac-64k'],
      ['120p', 214, 120, 'aac-48k'],
    ]);
    for (const r of renditions) {
      const timeline = await hlsTimeline(local(r.key), 'v');
      expect(timeline.gaps).toEqual([]);
      expect(timeline.packets).toBe(Math.round(sourceSeconds * FPS));
      expect(Math.abs(timeline.endSeconds - timeline.firstSeconds - sourceSeconds)).toBeLessThanOrEqual(FRAME);
      // Each chunk starts with a key frame where the source had one.
      for (const cut of [3.2, 8]) expect(timeline.keyframes.some((k) => Math.abs(k - timeline.firstSeconds - cut) < FRAME / 2)).toBe(true);
      const listed = parseMediaPlaylist(await fs.readFile(local(r.key), 'utf8'));
      expect(Math.abs(listed.reduce((sum, s) => sum + s.durationSeconds, 0) - sourceSeconds)).toBeLessThanOrEqual(FRAME);
      const folder = path.dirname(local(r.key));
      expect((await fs.readdir(folder)).sort()).toEqual([...listed.map((s) => s.uri), path.basename(r.key)].sort());
    }
  });

  it('plays one audio track per rung bitrate, without gaps, in step with the video', async () => {
    const job = readJob(run.jobId!, run.job!);
    const video = await hlsTimeline(local(renditionResults(job)[0].key), 'v');
    const manifest = JSON.parse(await fs.readFile(local(String(run.job!.manifest)), 'utf8'));
    expect(manifest.audio.map((a: { group: string }) => a.group)).toEqual(['aac-64k', 'aac-48k']);
    for (const track of manifest.audio as Array<{ key: string }>) {
      const audio = await hlsTimeline(local(track.key), 'a');
      expect(audio.gaps).toEqual([]);
      // AAC's priming frame (1024 samples at 48 kHz) starts before the first picture.
      expect(Math.abs(audio.firstSeconds + 1024 / 48000 - video.firstSeconds)).toBeLessThan(FRAME);
      expect(Math.abs(audio.endSeconds - audio.firstSeconds - sourceSeconds)).toBeLessThan(2 * FRAME);
    }
  });

  it('gives a master playlist that ffprobe reads and ffmpeg plays to the end, audio and video', async () => {
    const master = local(String(run.job!.master));
    const text = await fs.readFile(master, 'utf8');
    const tag = versionTag(readJob(run.jobId!, run.job!));
    expect(text).toContain(
      `#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aac-64k",NAME="audio",DEFAULT=YES,AUTOSELECT=YES,CHANNELS="2",URI="audio/64k/${tag}.m3u8"`,
    );
    expect(text).toMatch(new RegExp(`#EXT-X-STREAM-INF:.*CODECS="avc1\\.[0-9a-f]{6},mp4a\\.40\\.2",AUDIO="aac-64k"\n180p/${tag}\\.m3u8`));
    expect(run.master).toMatchObject({ accepted: true, variants: 2 });
    const played = await runFfmpeg([
      '-hide_banner',
      '-nostdin',
      '-v',
      'info',
      '-xerror',
      '-i',
      master,
      '-map',
      '0:v:0',
      '-map',
      '0:a:0',
      '-f',
      'null',
      '-',
    ]);
    const time = /time=(\d+):(\d+):([\d.]+)/g;
    const last = [...played.stderrTail.matchAll(time)].at(-1)!;
    expect(Math.abs(Number(last[1]) * 3600 + Number(last[2]) * 60 + Number(last[3]) - sourceSeconds)).toBeLessThan(0.1);
  });
});
