/**
 * Completion notices: a job that ends is told to the destination with what it produced or why it failed; nothing is
 * told without a destination; a notice the notifier cannot match to its job is logged as a structured error and
 * writes nothing. (At least once under every fault: the media fault suite's notice invariants.)
 */
import { createCompletionNotifier, NOTICE_GRACE_MS } from '../../../runtime/media/completion';
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
});
