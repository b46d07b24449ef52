/** Uploads that can never be transcoded fail at once, through the local pipeline: no FC retries, the reason on the job row. */
import { createFailureHandler } from '../../../runtime/media/failure';
import { PERMANENT_FAILURE_TYPE } from '../../../runtime/media/job-failure';
import { jobIdFor, readJob } from '../../../runtime/media/jobs';
import { createLocalPipeline, LOCAL_FUNCTIONS } from '../../../runtime/media/local-pipeline';
import { createPlanner } from '../../../runtime/media/planner';
import { createTranscoder } from '../../../runtime/media/transcoder';
import { countAttempts, notVideos, OSS_SAMPLE, ossEventFromSample, TINY_SETTINGS, tinyClip, tmpWorkDir, uploadForEvent } from './media-fixtures';

let files: { arbitraryBytes: string; png: string };
let clip: string;
beforeAll(async () => {
  const dir = tmpWorkDir('permanent-clips');
  [files, clip] = await Promise.all([notVideos(dir), tinyClip(dir)]);
});

function pipelineFor(file: string, key: string) {
  const p = createLocalPipeline({ workDir: tmpWorkDir('permanent'), settings: TINY_SETTINGS });
  const planner = countAttempts(p, LOCAL_FUNCTIONS.planner, createPlanner);
  const transcoder = countAttempts(p, LOCAL_FUNCTIONS.transcoder, createTranscoder);
  const failureHandler = countAttempts(p, LOCAL_FUNCTIONS.failureHandler, createFailureHandler);
  return { p, planner, transcoder, failureHandler, upload: () => uploadForEvent(p.store, key, file) };
}

describe.each([
  ['bytes of no container named .mp4', 'arbitraryBytes', 'uploads/bytes.mp4', /ffprobe failed .*Invalid data found when processing input/],
  ['a PNG named .mp4', 'png', 'uploads/picture.mp4', /^not a video: a still image \(png_pipe\)$/],
] as const)('%s', (_name, file, key, reason) => {
  it('fails on the planner’s first attempt, with its reason on the job row, and nothing else runs', async () => {
    const t = pipelineFor(files[file], key);
    const object = await t.upload();
    await t.p.invoker.invokeAsync(LOCAL_FUNCTIONS.planner, ossEventFromSample(OSS_SAMPLE, [object]));
    await t.p.invoker.drain();

    const job = readJob('x', (await t.p.jobs.getRow(t.p.deps.jobTable, [['jobId', jobIdFor(object.bucket, key, object.eTag)]]))!);
    expect(job.status).toBe('FAILED');
    expect(job.failureReason).toMatch(reason);
    expect(job.raw).toMatchObject({ failureType: PERMANENT_FAILURE_TYPE, failedFunction: LOCAL_FUNCTIONS.planner, key });
    expect([t.planner.attempts, t.transcoder.attempts, t.failureHandler.attempts]).toEqual([1, 0, 0]);
    expect(await t.p.store.list('failed/')).toEqual([]);
    expect(await t.p.store.list('processed/')).toEqual([]);
    expect(t.p.invoker.dropped).toEqual([]);
  });
});

describe('a part ffmpeg cannot read', () => {
  it('fails the job at once, naming the part; no part is retried and no destination is needed', async () => {
    const t = pipelineFor(clip, 'uploads/clip.mp4');
    const object = await t.upload();
    const jobId = jobIdFor(object.bucket, object.key, object.eTag);
    const readJobRow = async () => readJob(jobId, (await t.p.jobs.getRow(t.p.deps.jobTable, [['jobId', jobId]]))!);
    // Plan with the real source, holding the transcoders back.
    t.p.invoker.register(LOCAL_FUNCTIONS.transcoder, { handler: async () => undefined, maxRetries: 0 });
    await t.p.invoker.invokeAsync(LOCAL_FUNCTIONS.planner, ossEventFromSample(OSS_SAMPLE, [object]));
    await t.p.invoker.drain();
    const parts = (await readJobRow()).plan!.map((part) => part.name);

    // Then ffmpeg gets bytes of no container where the source was.
    t.p.store.readableUrl = async () => files.arbitraryBytes;
    const transcoder = countAttempts(t.p, LOCAL_FUNCTIONS.transcoder, createTranscoder);
    for (const part of parts) await t.p.invoker.invokeAsync(LOCAL_FUNCTIONS.transcoder, { jobId, part });
    await t.p.invoker.drain();

    const job = await readJobRow();
    expect(job.status).toBe('FAILED');
    expect(job.raw).toMatchObject({ failureType: PERMANENT_FAILURE_TYPE, failedFunction: LOCAL_FUNCTIONS.transcoder });
    expect(parts).toContain(job.raw.failedPart);
    expect(job.failureReason).toMatch(/ffmpeg failed .*Invalid data found when processing input/);
    expect([transcoder.attempts, t.failureHandler.attempts]).toEqual([parts.length, 0]);
    expect(await t.p.store.list('failed/')).toEqual([]);
  });
});
