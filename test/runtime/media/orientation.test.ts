/** Rotated phone videos and portrait uploads, through the local pipeline: renditions keep what a player shows. */
import { readJob, jobIdFor, renditionResults, type RenditionResult } from '../../../runtime/media/jobs';
import { createLocalPipeline, LOCAL_FUNCTIONS } from '../../../runtime/media/local-pipeline';
import type { MediaSettings } from '../../../runtime/media/settings';
import { parseProbeOutput, probeJson, type ProbeResult } from '../../../runtime/shared/ffmpeg';
import { OSS_SAMPLE, ossEventFromSample, portraitClip, rotatedClip, TINY_SETTINGS, tinyClip, tmpWorkDir, uploadForEvent } from './media-fixtures';

const clips: Record<string, string> = {};
beforeAll(async () => {
  const dir = tmpWorkDir('orientation-clips');
  [clips.rotated90, clips.rotated270, clips.portrait, clips.landscape] = await Promise.all([
    rotatedClip(dir, 90),
    rotatedClip(dir, 270),
    portraitClip(dir),
    tinyClip(dir),
  ]);
}, 60_000);

interface Measured extends ProbeResult {
  sampleAspectRatio?: string;
}

/** What ffprobe says of a file: the displayed size through parseProbeOutput, and the raw SAR. */
async function measure(url: string): Promise<Measured> {
  const json = await probeJson(url);
  const sar = json.streams?.find((s) => s.codec_type === 'video')?.sample_aspect_ratio;
  return { ...parseProbeOutput(json), ...(sar ? { sampleAspectRatio: sar } : {}) };
}

async function transcode(file: string, key: string, settings: MediaSettings) {
  const p = createLocalPipeline({ workDir: tmpWorkDir('orientation'), settings });
  const object = await uploadForEvent(p.store, key, file);
  await p.invoker.invokeAsync(LOCAL_FUNCTIONS.planner, ossEventFromSample(OSS_SAMPLE, [object]));
  await p.invoker.drain();
  const job = readJob('x', (await p.jobs.getRow(p.deps.jobTable, [['jobId', jobIdFor(object.bucket, key, object.eTag)]]))!);
  const renditions = renditionResults(job);
  const measured = await Promise.all(
    renditions.map(async (r: RenditionResult) => ({ name: r.name, ...(await measure(await p.store.readableUrl(r.key))) })),
  );
  const thumbnails = job.parts.flatMap((part) => (part.result?.kind === 'thumbnails' ? part.result.keys : []));
  // A JPEG is no video to parseProbeOutput: its size comes from the raw stream.
  const firstThumbnail = (await probeJson(await p.store.readableUrl(thumbnails[0]))).streams![0] as { width: number; height: number };
  return { job, measured, firstThumbnail };
}

const shorter = (s: { width: number; height: number }) => Math.min(s.width, s.height);
const longer = (s: { width: number; height: number }) => Math.max(s.width, s.height);

describe.each([
  ['a phone video stored rotated 90°', 'rotated90', 'uploads/IMG_0090.mp4', 'hls', { displayed: [180, 320], coded: [320, 180], rotation: 90 }],
  ['a phone video stored rotated 270°', 'rotated270', 'uploads/IMG_0270.mp4', 'mp4', { displayed: [180, 320], coded: [320, 180], rotation: 270 }],
  ['a portrait video stored upright', 'portrait', 'uploads/portrait.mp4', 'hls', { displayed: [180, 320], coded: [180, 320], rotation: 0 }],
  ['a landscape video', 'landscape', 'uploads/landscape.mp4', 'mp4', { displayed: [320, 180], coded: [320, 180], rotation: 0 }],
] as const)('%s', (_name, clip, key, packaging, source) => {
  let result: Awaited<ReturnType<typeof transcode>>;
  beforeAll(async () => {
    result = await transcode(clips[clip], key, { ...TINY_SETTINGS, packaging });
  }, 60_000);

  it('is probed with its displayed size, coded size and rotation', () => {
    expect(result.job.status).toBe('DONE');
    const s = result.job.source!;
    expect({ displayed: [s.width, s.height], coded: [s.codedWidth, s.codedHeight], rotation: s.rotation }).toEqual(source);
  });

  it('renditions keep the displayed aspect and orientation, with square pixels and no rotation left', () => {
    const [width, height] = source.displayed;
    expect(result.measured.map((r) => r.name).sort()).toEqual(['120p', '180p']);
    for (const r of result.measured) {
      expect(r.width > r.height).toBe(width > height);
      // The longer side is rounded to an even number: at most 1 px off the exact aspect.
      expect(Math.abs(longer(r) - (shorter(r) * longer({ width, height })) / shorter({ width, height }))).toBeLessThanOrEqual(1);
      expect(r.sampleAspectRatio ?? '1:1').toBe('1:1');
      expect(r.rotation).toBe(0);
    }
  });

  it("the top rung's shorter side is the source's shorter side", () => {
    const top = result.measured.find((r) => r.name === '180p')!;
    expect([top.width, top.height]).toEqual(source.displayed);
    const low = result.measured.find((r) => r.name === '120p')!;
    expect(shorter(low)).toBe(120);
  });

  it('thumbnails are upright too', () => {
    const [width, height] = source.displayed;
    expect(result.firstThumbnail!.width).toBe(TINY_SETTINGS.thumbnails!.width);
    expect(result.firstThumbnail!.width > result.firstThumbnail!.height).toBe(width > height);
  });
});
