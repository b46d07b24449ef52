/**
 * Completion notices: a job that ends is told to the destination with what it produced or why it failed; nothing is
 * told without a destination; a notice the notifier cannot match to its job is logged as a structured error and
 * writes nothing. (At least once under every fault: the media fault suite's notice invariants.)
 */
import {
  completionNotice,
  createCompletionNotifier,
  MAX_NOTICE_ATTEMPTS,
  MAX_NOTICE_BYTES,
  NOTICE_GRACE_MS,
} from '../../../runtime/media/completion';
import { buildAsyncDestinationPayload } from '../../../runtime/shared/events/async-destination';
import { jobIdFor } from '../../../runtime/media/jobs';
import { createLocalPipeline, LOCAL_FUNCTIONS } from '../../../runtime/media/local-pipeline';
import type { MediaSettings } from '../../../runtime/media/settings';
import { FixedClock } from '../../../runtime/shared/clock';
import { context, logLines, notVideos, OSS_SAMPLE, ossEventFromSample, TINY_SETTINGS, tinyClip, tmpWorkDir, uploadForEvent } from './media-fixtures';

const NOTIFYING: MediaSettings = { ...TINY_SETTINGS, notifyCompletion: true };

let clip: string;
let junk: string;
beforeAll(async () => {
  const dir = tmpWorkDir('completion-clips');
  clip = await tinyClip(dir);
  junk = (await notVideos(dir)).arbitraryBytes;
});

async function run(settings: MediaSettings, file: string, clock = new FixedClock(1_700_000_000_000)) {
  const pipeline = createLocalPipeline({ workDir: tmpWorkDir('completion'), settings, clock });
  const object = await uploadForEvent(pipeline.store, 'uploads/clip.mp4', file);
  await pipeline.invoker.invokeAsync(LOCAL_FUNCTIONS.planner, ossEventFromSample(OSS_SAMPLE, [object]));
  await pipeline.invoker.drain();
  const jobId = jobIdFor(object.bucket, 'uploads/clip.mp4', object.eTag);
  return { ...pipeline, jobId, clock, row: () => pipeline.jobs.getRow(pipeline.deps.jobTable, [['jobId', jobId]]) };
}

describe('completion notices', () => {
  test('a DONE job is told once, with its manifest; the notice is SENT', async () => {
    const { completions, jobId, row } = await run(NOTIFYING, clip);
    expect(completions).toHaveLength(1);
    const [notice] = completions;
    expect(notice).toMatchObject({ eventId: `${jobId}:DONE`, type: 'media.job.done', jobId, source: { key: 'uploads/clip.mp4' } });
    expect(notice.manifestKey).toBe('processed/uploads/clip.mp4/manifest.json');
    expect(notice.manifest?.renditions.map((r) => r.name)).toEqual(['120p', '180p']);
    expect(notice.manifest?.master).toBe('processed/uploads/clip.mp4/master.m3u8');
    expect(new Date(notice.time).getTime()).toBe(1_700_000_000_000);
    expect(await row()).toMatchObject({ notice: 'SENT' });
  });

  test('a job failed for good (not a video) is told with the reason', async () => {
    const { completions, jobId } = await run(NOTIFYING, junk);
    expect(completions).toEqual([
      expect.objectContaining({
        eventId: `${jobId}:FAILED`,
        type: 'media.job.failed',
        failure: expect.objectContaining({ type: 'PermanentInputError', functionName: LOCAL_FUNCTIONS.planner, reason: expect.any(String) }),
      }),
    ]);
    expect(completions[0].manifest).toBeUndefined();
  });

  test('without a destination nothing is told and no notice columns are written', async () => {
    const { completions, row } = await run(TINY_SETTINGS, clip);
    expect(completions).toEqual([]);
    expect((await row())?.notice).toBeUndefined();
  });

  test('a notice lost on its way is queued again by the reaper after the grace, once per run', async () => {
    const pipeline = await run(NOTIFYING, clip);
    // As if the notifier invocation was lost: the notice is PENDING again, as the DONE write left it.
    await pipeline.jobs.updateRow(pipeline.deps.jobTable, [['jobId', pipeline.jobId]], { put: { notice: 'PENDING' } });
    const reap = async () => {
      await pipeline.invoker.invokeAsync(LOCAL_FUNCTIONS.reaper, {});
      await pipeline.invoker.drain();
    };
    await reap();
    expect(pipeline.completions).toHaveLength(1);
    pipeline.clock.advance(NOTICE_GRACE_MS + 1);
    await reap();
    expect(pipeline.completions.map((n) => n.eventId)).toEqual([`${pipeline.jobId}:DONE`, `${pipeline.jobId}:DONE`]);
    await reap();
    expect(pipeline.completions).toHaveLength(2);
    expect(await pipeline.row()).toMatchObject({ notice: 'SENT' });
  });

  test.each([
    ['not JSON', Buffer.from('{'), 'malformed completion notice'],
    ['no eventId', Buffer.from(JSON.stringify({ jobId: 'j1' })), 'malformed completion notice'],
    ['a job that never ended', Buffer.from(JSON.stringify({ jobId: 'nope', eventId: 'nope:DONE' })), 'completion notice does not match its job'],
  ])('%s: a structured error, nothing written, and a throw (FC hands it to the failure handler)', async (_name, event, msg) => {
    const pipeline = createLocalPipeline({ workDir: tmpWorkDir('completion-bad'), settings: NOTIFYING });
    const lines = logLines();
    const writes = jest.spyOn(pipeline.jobs, 'updateRow');
    const notifier = createCompletionNotifier({ ...pipeline.deps, log: lines.sink });
    await expect(notifier(event, context('req-1'))).rejects.toThrow(/Malformed event/);
    expect(writes).not.toHaveBeenCalled();
    expect(lines.entries).toEqual([expect.objectContaining({ level: 'error', msg })]);
  });

  test('a malformed event given up by the notifier fails no job and tells nothing (the failure handler knows the notifier by name)', async () => {
    const pipeline = createLocalPipeline({ workDir: tmpWorkDir('completion-f1'), settings: NOTIFYING });
    const transcoding = {
      status: 'TRANSCODING',
      bucket: 'media',
      key: 'uploads/a.mp4',
      eTag: 'E1',
      claimedBy: 'p',
      dispatchedBy: 'p',
      partsTotal: 1,
    };
    await pipeline.jobs.putRow(pipeline.deps.jobTable, [['jobId', 'job-1']], transcoding);
    await pipeline.invoker.invokeAsync(LOCAL_FUNCTIONS.completionNotifier, { jobId: 'job-1' });
    await pipeline.invoker.invokeAsync(LOCAL_FUNCTIONS.completionNotifier, { jobId: 'nope' });
    await pipeline.invoker.drain();
    expect(await pipeline.jobs.getRow(pipeline.deps.jobTable, [['jobId', 'job-1']])).toEqual(transcoding);
    expect(await pipeline.jobs.getRow(pipeline.deps.jobTable, [['jobId', 'nope']])).toBeUndefined();
    expect(pipeline.completions).toEqual([]);
  });

  test('a notice the reaper keeps re-queueing in vain is GAVE_UP after MAX_NOTICE_ATTEMPTS, with a structured error', async () => {
    const lines = logLines();
    const clock = new FixedClock(1_700_000_000_000);
    const pipeline = createLocalPipeline({ workDir: tmpWorkDir('completion-f2'), settings: NOTIFYING, clock, log: lines.sink });
    const failed = {
      status: 'FAILED',
      bucket: 'media',
      key: 'uploads/b.mp4',
      eTag: 'E2',
      failedAt: clock.now(),
      notice: 'PENDING',
      noticeAt: clock.now(),
    };
    await pipeline.jobs.putRow(pipeline.deps.jobTable, [['jobId', 'job-2']], failed);
    let attempts = 0;
    pipeline.invoker.register(LOCAL_FUNCTIONS.completionNotifier, {
      handler: async () => {
        attempts++;
        throw new Error('the destination grant is wrong');
      },
      maxRetries: 0,
    });
    for (let run = 0; run < MAX_NOTICE_ATTEMPTS + 5; run++) {
      clock.advance(30 * 60_000);
      await pipeline.invoker.invokeAsync(LOCAL_FUNCTIONS.reaper, {});
      await pipeline.invoker.drain();
    }
    expect(attempts).toBe(MAX_NOTICE_ATTEMPTS);
    expect(await pipeline.jobs.getRow(pipeline.deps.jobTable, [['jobId', 'job-2']])).toMatchObject({ notice: 'GAVE_UP' });
    expect(lines.entries.filter((e) => e.msg === 'completion notice given up')).toEqual([
      expect.objectContaining({ level: 'error', jobId: 'job-2' }),
    ]);
  });

  test('a DONE notice is the one the job ended with, whatever a later deploy changes', async () => {
    const { deps, jobId, completions } = await run(NOTIFYING, clip);
    const later = await completionNotice({ ...deps, settings: { ...NOTIFYING, outputPrefix: 'out/', packaging: 'mp4' } }, jobId);
    expect(later).toEqual(completions[0]);
  });

  test('a notice too large for an MNS destination twice over leaves its manifest out, not its manifestKey', async () => {
    const { deps, jobId, jobs } = await run(NOTIFYING, clip);
    const manifest = JSON.parse(String((await jobs.getRow(deps.jobTable, [['jobId', jobId]]))!.noticeManifest));
    const thumbnails = Array.from({ length: 400 }, (_, i) => `processed/uploads/clip.mp4/thumbnails/${'t'.repeat(60)}-${i}.jpg`);
    await jobs.updateRow(deps.jobTable, [['jobId', jobId]], { put: { noticeManifest: JSON.stringify({ ...manifest, thumbnails }) } });
    const notice = await completionNotice(deps, jobId);
    expect(Buffer.byteLength(JSON.stringify(notice))).toBeLessThanOrEqual(MAX_NOTICE_BYTES);
    expect(notice).toMatchObject({ eventId: `${jobId}:DONE`, manifestKey: 'processed/uploads/clip.mp4/manifest.json' });
    expect(notice?.manifest).toBeUndefined();
  });

  test('a second given-up delivery of one upload keeps the first failure and tells nothing new', async () => {
    const pipeline = createLocalPipeline({ workDir: tmpWorkDir('completion-f5'), settings: NOTIFYING });
    const event = ossEventFromSample(OSS_SAMPLE, [{ bucket: 'media', key: 'uploads/d.mp4', eTag: 'ABCDEF', size: 10 }]);
    const giveUp = (requestId: string, message: string) =>
      pipeline.invoker.invokeAsync(
        LOCAL_FUNCTIONS.failureHandler,
        buildAsyncDestinationPayload({
          timestamp: 1,
          requestId,
          region: 'local',
          accountId: '0',
          functionName: LOCAL_FUNCTIONS.planner,
          condition: 'UnhandledInvocationError',
          attempts: 3,
          event,
          functionError: 'UnhandledInvocationError',
          error: new Error(message),
        }),
      );
    await giveUp('planner-R1', 'OSS HeadObject timed out');
    await pipeline.invoker.drain();
    await giveUp('planner-R2', 'OSS throttled');
    await pipeline.invoker.drain();
    expect(pipeline.completions.map((n) => n.failure?.requestId)).toEqual(['planner-R1']);
  });
});
