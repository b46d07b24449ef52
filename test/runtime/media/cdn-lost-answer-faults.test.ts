/**
 * Found by the media enumeration (test/faults-suite, lost-response on cdn.prefetch): a PushObjectCache call whose
 * answer is lost to a socket error (Node's `socket hang up`, code ECONNRESET) was queued, yet cdn-prefetch.ts reads
 * any error with a string code as the API's refusal: it marks the batch FAILED and gives its quota back, so the day's
 * quota no longer counts URLs that were prefetched.
 */
import { jobKey } from '../../../runtime/media/jobs';
import { quotaRowId } from '../../../runtime/media/cdn-quota';
import { createLocalPipeline, LOCAL_FUNCTIONS } from '../../../runtime/media/local-pipeline';
import { FixedClock } from '../../../runtime/shared/clock';
import { LocalCdn } from '../../../runtime/shared/local/local-cdn';
import { OSS_SAMPLE, ossEventFromSample, TINY_SETTINGS, tinyClip, tmpWorkDir, uploadForEvent } from './media-fixtures';

const DAY = '2023-11-14';

it('counts on the quota the URLs of a prefetch whose answer was lost to a connection reset', async () => {
  const clip = await tinyClip(tmpWorkDir('cdn-lost-clip'));
  const settings = {
    ...TINY_SETTINGS,
    ladder: [TINY_SETTINGS.ladder[1]],
    thumbnails: undefined,
    cdn: { domain: 'cdn.example.com', prefetch: 'startup' as const, dailyQuota: 1000, area: 'domestic' as const },
  };
  const p = createLocalPipeline({ workDir: tmpWorkDir('cdn-lost'), settings, clock: new FixedClock(Date.parse(`${DAY}T12:00:00Z`)) });
  // The request reached the CDN (it queued the task); the socket closed before the answer came back.
  p.cdn.prefetch = async (paths) => {
    await LocalCdn.prototype.prefetch.call(p.cdn, paths);
    throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
  };
  const object = await uploadForEvent(p.store, 'uploads/clip.mp4', clip);
  await p.invoker.invokeAsync(LOCAL_FUNCTIONS.planner, ossEventFromSample(OSS_SAMPLE, [object]));
  await p.invoker.drain();

  const prefetched = p.cdn.prefetches.flatMap((x) => x.objectPaths).length;
  expect(prefetched).toBeGreaterThan(0);
  expect((await p.jobs.getRow(p.deps.jobTable, jobKey(quotaRowId(DAY))))?.used).toBe(prefetched);
});
