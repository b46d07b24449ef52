import { copyFileSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import { formatMediaReport, runMediaLocally } from '../../../bin/media-local';
import { readJob, jobIdFor, renditionResults } from '../../../runtime/media/jobs';
import { runFfmpeg } from '../../../runtime/shared/ffmpeg';
import { createLocalPipeline, LOCAL_FUNCTIONS } from '../../../runtime/media/local-pipeline';
import { createTranscoder } from '../../../runtime/media/transcoder';
import { segmentFile, versionTag } from '../../../runtime/media/segment-names';
import type { MediaSettings } from '../../../runtime/media/settings';
import {
  context,
  countUploads,
  notVideos,
  OSS_SAMPLE,
  ossEventFromSample,
  TINY_SETTINGS,
  tinyClip,
  tinyWatermark,
  tmpWorkDir,
  uploadForEvent,
} from './media-fixtures';

let clip: string;
let silentClip: string;
let mark: string;
beforeAll(async () => {
  const dir = tmpWorkDir('pipeline-clips');
  [clip, silentClip, mark] = await Promise.all([tinyClip(dir), tinyClip(dir, 'silent.mp4', false), tinyWatermark(dir)]);
});

async function uploadAndPlan(settings: MediaSettings, file = clip, key = 'uploads/clip.mp4') {
  const pipeline = createLocalPipeline({ workDir: tmpWorkDir('pipeline'), settings });
  const object = await uploadForEvent(pipeline.store, key, file);
  const event = ossEventFromSample(OSS_SAMPLE, [object]);
  const jobId = jobIdFor(object.bucket, key, object.eTag);
  const job = async () => readJob(jobId, (await pipeline.jobs.getRow(pipeline.deps.jobTable, [['jobId', jobId]]))!);
  return { ...pipeline, event, jobId, job };
}

describe('local pipeline end to end', () => {
  it('produces HLS with a master playlist ffprobe accepts, thumbnails and a visible watermark', async () => {
    const report = await runMediaLocally({
      file: clip,
      workDir: tmpWorkDir('e2e'),
      watermarkFile: mark,
      settings: {
        ...TINY_SETTINGS,
        watermark: { key: 'assets/mark.png', position: 'top-left', marginPx: 4, widthFraction: 0.3 },
        cdn: { domain: 'cdn.example.com', prefetch: 'startup', dailyQuota: 1000, area: 'domestic' },
      },
    });
    expect(report.job?.status).toBe('DONE');
    expect(report.master).toMatchObject({ accepted: true, variants: 2 });
    expect(report.renditions.map((r) => [r.name, r.width, r.height, r.videoCodec, r.audioCodec, r.durationOk])).toEqual([
      ['180p', 320, 180, 'h264', 'aac', true],
      ['120p', 214, 120, 'h264', 'aac', true],
    ]);
    expect(report.thumbnails.keys).toHaveLength(2);
    expect(report.watermark?.visible).toBe(true);
    // startup scope: master, 2 rendition playlists, their first segments (1 each), first thumbnail.
    expect(report.cdnPrefetches).toHaveLength(1);
    expect(report.cdnPrefetches[0][0]).toBe('cdn.example.com/processed/uploads/clip.mp4/master.m3u8');
    expect(report.cdnPrefetches[0]).toHaveLength(6);
    expect(report.ok).toBe(true);
  });

  it('packages MP4 without audio: files and manifest, no master playlist', async () => {
    const report = await runMediaLocally({
      file: silentClip,
      workDir: tmpWorkDir('mp4'),
      settings: { ...TINY_SETTINGS, packaging: 'mp4', watermark: undefined, thumbnails: undefined },
    });
    expect(report.job?.status).toBe('DONE');
    expect(report.master).toBeUndefined();
    expect(report.outputKeys).toEqual([
      'processed/uploads/silent.mp4/120p/video.mp4',
      'processed/uploads/silent.mp4/180p/video.mp4',
      'processed/uploads/silent.mp4/manifest.json',
    ]);
    expect(
      report.renditions.every((r) => r.durationOk && r.audioCodec === undefined && r.codecs.startsWith('avc1.') && !r.codecs.includes('mp4a')),
    ).toBe(true);
  });
});

describe('layouts: renditions from one decode', () => {
  /** PSNR (dB, average over frames) of `a` against `b`, by ffmpeg's psnr filter. */
  async function psnr(a: string, b: string): Promise<number> {
    const out = await runFfmpeg(['-hide_banner', '-nostdin', '-v', 'info', '-i', a, '-i', b, '-lavfi', '[0:v][1:v]psnr', '-f', 'null', '-']);
    const average = /PSNR .*average:([\d.]+|inf)/.exec(out.stderrTail)?.[1];
    if (!average) throw new Error(`no PSNR in ${out.stderrTail}`);
    return average === 'inf' ? Infinity : Number(average);
  }

  it.each(['cost', 'balanced'] as const)('%s: each rendition a shared decode makes matches the one made alone (PSNR, size)', async (layout) => {
    const watermark = { key: 'assets/mark.png', position: 'top-left' as const, marginPx: 4, widthFraction: 0.3 };
    const run = async (settings: MediaSettings) => {
      const p = await uploadAndPlan({ ...settings, watermark });
      await p.store.upload(watermark.key, mark);
      await p.invoker.invokeAsync(LOCAL_FUNCTIONS.planner, p.event);
      await p.invoker.drain();
      const job = await p.job();
      const renditions = await Promise.all(
        renditionResults(job).map(async (r) => ({ ...r, url: await p.store.readableUrl(r.key) })),
      );
      return { job, renditions };
    };
    const alone = await run({ ...TINY_SETTINGS, layout: 'latency' });
    const shared = await run({ ...TINY_SETTINGS, layout });
    expect(alone.job.plan?.map((p) => p.name)).toEqual(['180p', '120p', 'thumbnails']);
    expect(shared.job.plan?.map((p) => p.name)).toEqual(layout === 'cost' ? ['180p+120p', 'thumbnails'] : ['180p', '120p', 'thumbnails']);
    expect(shared.job.status).toBe('DONE');
    expect(shared.renditions.map((r) => [r.name, r.width, r.height, r.segmentCount])).toEqual(
      alone.renditions.map((r) => [r.name, r.width, r.height, r.segmentCount]),
    );
    for (const [i, r] of shared.renditions.entries()) {
      // The same frames encoded with the same settings: x264's threads make two runs differ in the last bits only.
      expect(await psnr(r.url, alone.renditions[i].url)).toBeGreaterThan(40);
      expect(Math.abs(r.averageBandwidth - alone.renditions[i].averageBandwidth) / alone.renditions[i].averageBandwidth).toBeLessThan(0.1);
    }
  });
});

describe('the local runner applies the trigger and planner rules', () => {
  it('processes an iPhone upload with an upper-case suffix (IMG_0001.MOV)', async () => {
    const iphone = path.join(tmpWorkDir('iphone'), 'IMG_0001.MOV');
    copyFileSync(clip, iphone);
    const report = await runMediaLocally({ file: iphone, workDir: tmpWorkDir('iphone-run'), settings: TINY_SETTINGS });
    expect(report.key).toBe('uploads/IMG_0001.MOV');
    expect(report.job?.status).toBe('DONE');
    expect(report.renditions.map((r) => [r.name, r.width, r.height])).toEqual([['180p', 320, 180], ['120p', 214, 120]]);
    expect(report.ok).toBe(true);
  });

  it('reports an image under the input prefix as ignored, with the reason, and runs nothing', async () => {
    const workDir = tmpWorkDir('ignored');
    const report = await runMediaLocally({ file: mark, workDir, settings: TINY_SETTINGS });
    expect(report).toMatchObject({
      key: 'uploads/mark.png',
      ignored: 'key does not end with one of .mp4 .mov (any case)',
      job: undefined,
      renditions: [],
      ok: false,
    });
    expect(formatMediaReport(report)).toBe(
      'uploads/mark.png: IGNORED, the pipeline would not process it: key does not end with one of .mp4 .mov (any case)\nNOT RUN',
    );
    expect(existsSync(path.join(workDir, 'buckets'))).toBe(false);
  });

  it('reports a non-video as FAILED with its reason instead of crashing', async () => {
    const { png } = await notVideos(tmpWorkDir('not-video'));
    const report = await runMediaLocally({ file: png, workDir: tmpWorkDir('not-video-run'), settings: TINY_SETTINGS });
    expect(report.job).toMatchObject({ status: 'FAILED', failureReason: 'not a video: a still image (png_pipe)' });
    expect(report.source).toBeUndefined();
    expect(report.ok).toBe(false);
    expect(formatMediaReport(report)).toContain('FAILED (not a video: a still image (png_pipe))');
  });
});

describe('the local pipeline’s wrap option', () => {
  it('wraps every function once, and the wrapped handler is the one that runs', async () => {
    const wrapped: string[] = [];
    const ran: string[] = [];
    const pipeline = createLocalPipeline({
      workDir: tmpWorkDir('wrap'),
      settings: { ...TINY_SETTINGS, thumbnails: undefined },
      wrap: (fn, handler) => {
        wrapped.push(fn);
        return async (event, ctx) => {
          ran.push(fn);
          return handler(event, ctx);
        };
      },
    });
    expect(wrapped.sort()).toEqual(['completionNotifier', 'failureHandler', 'planner', 'reaper', 'transcoder']);
    const object = await uploadForEvent(pipeline.store, 'uploads/clip.mp4', clip);
    await pipeline.invoker.invokeAsync(LOCAL_FUNCTIONS.planner, ossEventFromSample(OSS_SAMPLE, [object]));
    await pipeline.invoker.drain();
    expect(ran).toEqual(['planner', 'transcoder', 'transcoder']);
  });
});

describe('exactly once', () => {
  it('processes the same upload delivered twice once', async () => {
    const t = await uploadAndPlan(TINY_SETTINGS);
    const uploads = countUploads(t.store);
    await t.invoker.invokeAsync(LOCAL_FUNCTIONS.planner, t.event);
    await t.invoker.invokeAsync(LOCAL_FUNCTIONS.planner, t.event);
    await t.invoker.drain();
    expect((await t.job()).status).toBe('DONE');
    expect(uploads.size).toBeGreaterThan(0);
    expect([...uploads.values()].every((n) => n === 1)).toBe(true);
  });

  it('does not transcode a duplicated transcoder invocation twice', async () => {
    const t = await uploadAndPlan({ ...TINY_SETTINGS, ladder: [TINY_SETTINGS.ladder[1]], thumbnails: undefined });
    // Plan without running the transcoders the planner queues.
    t.invoker.register(LOCAL_FUNCTIONS.transcoder, { handler: async () => undefined, maxRetries: 0 });
    await t.invoker.invokeAsync(LOCAL_FUNCTIONS.planner, t.event);
    await t.invoker.drain();
    const uploads = countUploads(t.store);
    const transcode = createTranscoder(t.deps);
    const payload = Buffer.from(JSON.stringify({ jobId: t.jobId, part: '120p' }));
    const [a, b] = await Promise.all([transcode(payload, context('inv-a')), transcode(payload, context('inv-b'))]);
    const late = await transcode(payload, context('inv-c'));

    expect([a.outcome, b.outcome].sort()).toEqual(['duplicate', 'transcoded']);
    expect(late.outcome).toBe('already-done');
    expect(uploads.get(`processed/uploads/clip.mp4/120p/${segmentFile(versionTag(await t.job()), 0)}`)).toBe(1);
    expect((await t.job()).status).toBe('DONE');
  });

  it('finalizes on the retry of a last transcoder that failed after recording its part', async () => {
    const t = await uploadAndPlan({ ...TINY_SETTINGS, thumbnails: undefined });
    const put = t.store.put.bind(t.store);
    let failures = 0;
    t.store.put = async (key, body, options) => {
      if (key.endsWith('manifest.json') && failures++ === 0) throw new Error('OSS unavailable');
      return put(key, body, options);
    };
    await t.invoker.invokeAsync(LOCAL_FUNCTIONS.planner, t.event);
    await t.invoker.drain();
    const job = await t.job();
    expect(failures).toBe(2);
    expect(job.status).toBe('DONE');
    expect(job.partsDone).toBe(2);
    expect(await t.store.head('processed/uploads/clip.mp4/manifest.json')).toBeDefined();
  });
});

describe('failures', () => {
  it('records the failing transcoder part', async () => {
    const t = await uploadAndPlan({
      ...TINY_SETTINGS,
      thumbnails: undefined,
      watermark: { key: 'assets/missing.png', position: 'top-left', marginPx: 0, widthFraction: 0.2 },
    });
    await t.invoker.invokeAsync(LOCAL_FUNCTIONS.planner, t.event);
    await t.invoker.drain();
    const job = await t.job();
    expect(job.status).toBe('FAILED');
    expect(job.raw.failedFunction).toBe(LOCAL_FUNCTIONS.transcoder);
    expect(['180p', '120p']).toContain(job.raw.failedPart);
    expect(String(job.raw.failureReason)).toMatch(/missing\.png/);
    expect(await t.store.list('failed/')).toHaveLength(2);
    expect(t.invoker.dropped).toEqual([]);
  });
});
