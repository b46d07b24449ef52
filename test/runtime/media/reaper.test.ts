/** A job whose handlers (and the failure handler) all gave up ends FAILED within a bounded time. */
import { overriding } from '../../support/overriding';
import { createFailureHandler } from '../../../runtime/media/failure';
import { jobIdFor, jobKey, readJob } from '../../../runtime/media/jobs';
import { createLocalPipeline, LOCAL_FUNCTIONS } from '../../../runtime/media/local-pipeline';
import { createReaper } from '../../../runtime/media/reaper';
import { FixedClock } from '../../../runtime/shared/clock';
import { context, OSS_SAMPLE, ossEventFromSample, TINY_SETTINGS, tinyClip, tmpWorkDir, uploadForEvent } from './media-fixtures';

let clip: string;
beforeAll(async () => {
  clip = await tinyClip(tmpWorkDir('reaper-clip'));
});

describe('reaper', () => {
  it('fails a job left in PLANNING when the planner and the failure handler failed every attempt, once its deadline passed', async () => {
    const clock = new FixedClock(1_700_000_000_000);
    const p = createLocalPipeline({ workDir: tmpWorkDir('reaper'), settings: TINY_SETTINGS, clock });
    const object = await uploadForEvent(p.store, 'uploads/clip.mp4', clip);
    const jobId = jobIdFor(object.bucket, object.key, object.eTag);
    // The probe keeps failing transiently, and the failure handler cannot reach the table either.
    p.store.readableUrl = async () => Promise.reject(new Error('OSS unavailable'));
    const jobsDown = overriding(p.jobs, { updateRow: async () => Promise.reject(new Error('OTS down')) });
    const failureHandler = createFailureHandler({ ...p.deps, jobs: jobsDown });
    p.invoker.register(LOCAL_FUNCTIONS.failureHandler, { handler: failureHandler, maxRetries: 2 });
    await p.invoker.invokeAsync(LOCAL_FUNCTIONS.planner, ossEventFromSample(OSS_SAMPLE, [object]));
    await p.invoker.drain();
    const status = async () => readJob(jobId, (await p.jobs.getRow(p.deps.jobTable, jobKey(jobId)))!);
    expect((await status()).status).toBe('PLANNING');

    const reap = createReaper(p.deps);
    expect((await reap(Buffer.from('{}'), context('reaper-1'))).failed).toEqual([]);
    clock.advance(TINY_SETTINGS.stageDeadlineSeconds * 1000 + 1);
    const reaped = await reap(Buffer.from('{}'), context('reaper-2'));
    expect(reaped.failed).toEqual([jobId]);
    const job = await status();
    expect(job.status).toBe('FAILED');
    expect(job.raw).toMatchObject({ failureType: 'DeadlineExceeded', failedRequestId: 'reaper-2' });
    expect(job.failureReason).toMatch(/PLANNING past its deadline/);
    expect((await reap(Buffer.from('{}'), context('reaper-3'))).failed).toEqual([]);
  });

  it('leaves running, finished and quota rows alone', async () => {
    const clock = new FixedClock(1_700_000_000_000);
    const p = createLocalPipeline({ workDir: tmpWorkDir('reaper-rows'), settings: TINY_SETTINGS, clock });
    const t = p.deps.jobTable;
    await p.jobs.putRow(t, jobKey('running'), { status: 'TRANSCODING', deadline: clock.now() + 1000 });
    await p.jobs.putRow(t, jobKey('done'), { status: 'DONE', deadline: clock.now() - 1000 });
    await p.jobs.putRow(t, jobKey('stuck'), { status: 'TRANSCODING', deadline: clock.now() - 1000 });
    await p.jobs.putRow(t, jobKey('cdn-quota#2023-11-14'), { used: 3 });
    const reaped = await createReaper(p.deps)(Buffer.from('{}'), context('reaper'));
    expect(reaped.failed).toEqual(['stuck']);
    expect((await p.jobs.getRow(t, jobKey('running')))?.status).toBe('TRANSCODING');
    expect((await p.jobs.getRow(t, jobKey('done')))?.status).toBe('DONE');
  });
});
