/** A re-upload under the same key while the first job runs: the old job never reads, nor publishes over, the new bytes. */
import type { Manifest } from '../../../runtime/media/finalize';
import { jobIdFor, readJob } from '../../../runtime/media/jobs';
import { createLocalPipeline, LOCAL_FUNCTIONS } from '../../../runtime/media/local-pipeline';
import { createPlanner } from '../../../runtime/media/planner';
import { createTranscoder } from '../../../runtime/media/transcoder';
import { context, OSS_SAMPLE, ossEventFromSample, TINY_SETTINGS, tinyClip, tmpWorkDir, uploadForEvent } from './media-fixtures';

let v1: string;
let v2: string;
beforeAll(async () => {
  const dir = tmpWorkDir('version-clips');
  [v1, v2] = await Promise.all([tinyClip(dir, 'v1.mp4'), tinyClip(dir, 'v2.mp4', false)]);
});

const SETTINGS = { ...TINY_SETTINGS, ladder: [TINY_SETTINGS.ladder[1]], thumbnails: undefined };

describe('source version', () => {
  it('fails the job of v1 when v2 replaced the object before its transcoder ran; v2’s job publishes v2 alone', async () => {
    const p = createLocalPipeline({ workDir: tmpWorkDir('version'), settings: SETTINGS });
    const first = await uploadForEvent(p.store, 'uploads/clip.mp4', v1);
    const oldJobId = jobIdFor(first.bucket, first.key, first.eTag);
    // Plan v1, holding its transcoder back.
    p.invoker.register(LOCAL_FUNCTIONS.transcoder, { handler: async () => undefined, maxRetries: 0 });
    await createPlanner(p.deps)(ossEventFromSample(OSS_SAMPLE, [first]), context('plan-v1'));
    await p.invoker.drain();
    const second = await uploadForEvent(p.store, 'uploads/clip.mp4', v2);

    const old = await createTranscoder(p.deps)(Buffer.from(JSON.stringify({ jobId: oldJobId, part: '120p' })), context('old-part'));
    expect(old).toMatchObject({ outcome: 'failed', reason: expect.stringMatching(/source changed/) });
    const oldJob = readJob(oldJobId, (await p.jobs.getRow(p.deps.jobTable, [['jobId', oldJobId]]))!);
    expect(oldJob.status).toBe('FAILED');
    expect(oldJob.failureReason).toMatch(/source changed/);
    expect(await p.store.list('processed/')).toEqual([]);

    p.invoker.register(LOCAL_FUNCTIONS.transcoder, { handler: createTranscoder(p.deps), maxRetries: 2, onFailure: LOCAL_FUNCTIONS.failureHandler });
    await p.invoker.invokeAsync(LOCAL_FUNCTIONS.planner, ossEventFromSample(OSS_SAMPLE, [second]));
    await p.invoker.drain();
    const manifest = JSON.parse((await p.store.get('processed/uploads/clip.mp4/manifest.json')).toString('utf8')) as Manifest;
    expect(manifest.source.eTag).toBe(second.eTag);
  });

  it('skips an event whose object was replaced before the planner ran, saying why', async () => {
    const p = createLocalPipeline({ workDir: tmpWorkDir('version-late'), settings: SETTINGS });
    const first = await uploadForEvent(p.store, 'uploads/clip.mp4', v1);
    await uploadForEvent(p.store, 'uploads/clip.mp4', v2);
    const result = await createPlanner(p.deps)(ossEventFromSample(OSS_SAMPLE, [first]), context('plan-v1'));
    expect(result.records).toEqual([{ key: 'uploads/clip.mp4', outcome: 'superseded', reason: expect.stringMatching(/source changed/) }]);
    expect(await p.jobs.getRow(p.deps.jobTable, [['jobId', jobIdFor(first.bucket, first.key, first.eTag)]])).toBeUndefined();
  });
});
