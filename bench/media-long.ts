/**
 * A long source, today's way against the default's (issue 11): the real planner and transcoders on the local pipeline,
 * one invocation at a time so each has this machine's 2 cores (a transcoder's 2 vCPU on FC). Today: a part per
 * rendition over the whole source (`latency`, no chunks). The default: `balanced` parts, each cut into chunks (the
 * source and its chunks scaled down from 10 minutes and 30 s so the bench stays short: 36 s in 3 chunks of 12 s).
 * Per way: the critical path (the planner, then its slowest part, which FC runs in parallel with the others, the
 * last one finalizing), the CPU seconds of every invocation (what FC bills: this process and its reaped children),
 * and PSNR/SSIM of the top rung against the source.
 */
import * as path from 'node:path';
import { DEFAULT_LADDER, MEDIA_DEFAULTS } from '../constructs/media-pipeline/defaults';
import { jobIdFor, readJob, renditionResults } from '../runtime/media/jobs';
import { planRenditions } from '../runtime/media/ladder';
import { createLocalPipeline, LOCAL_FUNCTIONS } from '../runtime/media/local-pipeline';
import type { MediaSettings } from '../runtime/media/settings';
import type { EventHandler } from '../runtime/shared/context';
import { probe, runFfmpeg } from '../runtime/shared/ffmpeg';
import { eventETag, ossEventFromSample } from '../runtime/shared/local/oss-event-from-sample';
import { fixturesDir } from '../runtime/shared/local/event-fixtures';
import { reapedChildrenCpuSeconds } from '../runtime/shared/local/process-cpu';
import { quality } from './media-layouts';
import { Figure, formatMs, removeDir, tempDir } from './stats';
import { testClipArgs } from './transcode';

export const LONG_SOURCE = { seconds: 36, width: 1920, height: 1080, fps: 30 };
const CHUNKING = { minSourceSeconds: 18, chunkSeconds: 12 };

const BASE: MediaSettings = {
  inputPrefix: 'uploads/',
  inputSuffixes: ['.mp4'],
  outputPrefix: 'processed/',
  ladder: DEFAULT_LADDER,
  packaging: 'hls',
  segmentSeconds: MEDIA_DEFAULTS.segmentSeconds,
  thumbnails: MEDIA_DEFAULTS.thumbnails,
  stageDeadlineSeconds: 86400,
};

interface Invocation {
  fn: 'planner' | 'transcoder';
  ms: number;
  cpuSeconds: number;
}

interface WayRun {
  criticalMs: number;
  cpuSeconds: number;
  parts: number;
  slowest: number;
  psnr: number;
  ssim: number;
}

async function runWay(settings: MediaSettings, source: string, dir: string): Promise<WayRun> {
  const invocations: Invocation[] = [];
  const measured =
    (fn: Invocation['fn'], handler: EventHandler): EventHandler =>
    async (event, ctx) => {
      const cpu = process.cpuUsage();
      const children = reapedChildrenCpuSeconds();
      const started = performance.now();
      const result = await handler(event, ctx);
      const own = process.cpuUsage(cpu);
      const cpuSeconds = (own.user + own.system) / 1e6 + reapedChildrenCpuSeconds() - children;
      invocations.push({ fn, ms: performance.now() - started, cpuSeconds });
      return result;
    };
  const wrap = (fn: string, handler: EventHandler) => (fn === 'planner' || fn === 'transcoder' ? measured(fn, handler) : handler);
  const pipeline = createLocalPipeline({ workDir: dir, settings, concurrency: 1, wrap });
  const { deps, store, invoker } = pipeline;
  const key = 'uploads/long.mp4';
  await store.upload(key, source);
  const info = (await store.head(key))!;
  const eTag = eventETag(info.etag);
  await invoker.invokeAsync(
    LOCAL_FUNCTIONS.planner,
    ossEventFromSample(path.join(fixturesDir(), 'oss-object-created.json'), [{ bucket: store.bucket, key, eTag, size: info.size }]),
  );
  await invoker.drain();
  const jobId = jobIdFor(store.bucket, key, eTag);
  const job = readJob(jobId, (await pipeline.jobs.getRow(deps.jobTable, [['jobId', jobId]]))!);
  if (job.status !== 'DONE') throw new Error(`job ${job.status}: ${job.failureReason}`);
  const planner = invocations.filter((i) => i.fn === 'planner');
  const parts = invocations.filter((i) => i.fn === 'transcoder');
  const slowest = Math.max(...parts.map((p) => p.ms));
  const top = renditionResults(job).find((r) => r.name === DEFAULT_LADDER[0].name)!;
  const rendition = planRenditions(DEFAULT_LADDER, await probe(source))[0];
  const q = await quality(await store.readableUrl(top.key), source, rendition);
  return {
    criticalMs: planner.reduce((sum, p) => sum + p.ms, 0) + slowest,
    cpuSeconds: invocations.reduce((sum, i) => sum + i.cpuSeconds, 0),
    parts: parts.length,
    slowest,
    ...q,
  };
}

export async function benchMediaLong(): Promise<Figure[]> {
  const work = tempDir('long');
  try {
    const source = path.join(work, 'source.mp4');
    // Key frames every 2 s, as cameras and phones write them (GOP 60 at 30 fps).
    await runFfmpeg(testClipArgs(source, LONG_SOURCE, { grain: true, videoKbps: 15000, keyframeSeconds: 2 }));
    const today = await runWay({ ...BASE, layout: 'latency' }, source, path.join(work, 'today'));
    const now = await runWay({ ...BASE, layout: MEDIA_DEFAULTS.layout, chunking: CHUNKING }, source, path.join(work, 'default'));
    const describe = (r: WayRun) =>
      `critical path ${formatMs(r.criticalMs)}, ${r.cpuSeconds.toFixed(1)} CPU-s, ${r.parts} parts (slowest ${formatMs(r.slowest)}), ` +
      `1080p ${r.psnr.toFixed(2)} dB/${r.ssim.toFixed(4)}`;
    const source36 = `${LONG_SOURCE.seconds} s 1080p30 with grain, default ladder, one invocation at a time on 2 cores`;
    return [
      { measure: 'long video today (latency, whole source)', value: describe(today), target: '-', note: source36 },
      {
        measure: 'long video default (balanced, chunks)',
        value: describe(now),
        target: 'critical path < 0.5x, CPU ≤ 1.05x today',
        met: now.criticalMs < 0.5 * today.criticalMs && now.cpuSeconds <= 1.05 * today.cpuSeconds,
        note:
          `${(now.criticalMs / today.criticalMs).toFixed(2)}x the critical path, ` +
          `${(now.cpuSeconds / today.cpuSeconds).toFixed(2)}x the CPU; chunks of ${CHUNKING.chunkSeconds} s`,
      },
    ];
  } finally {
    removeDir(work);
  }
}
