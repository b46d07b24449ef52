/**
 * Segments nothing plays any more are deleted, and only those: a re-uploaded key's previous version after the grace,
 * a FAILED job's own; never the published version's, never a file of another version or shape.
 */
import { finalizeJob } from '../../../runtime/media/finalize';
import { parseMediaPlaylist } from '../../../runtime/media/hls-playlist';
import { jobIdFor, jobKey } from '../../../runtime/media/jobs';
import { createLocalPipeline, LOCAL_FUNCTIONS, type LocalPipeline } from '../../../runtime/media/local-pipeline';
import { outputKey } from '../../../runtime/media/outputs';
import { createReaper } from '../../../runtime/media/reaper';
import { deleteDueSegments, RETIRED_SEGMENTS_GRACE_MS, type RetiredVersion } from '../../../runtime/media/retired-segments';
import { segmentFile } from '../../../runtime/media/segment-names';
import type { MediaSettings } from '../../../runtime/media/settings';
import { FixedClock } from '../../../runtime/shared/clock';
import { loggerFor } from '../../../runtime/shared/log';
import { context, OSS_SAMPLE, ossEventFromSample, TINY_SETTINGS, tinyClip, tmpWorkDir, uploadForEvent } from './media-fixtures';

const SETTINGS: MediaSettings = { ...TINY_SETTINGS, ladder: TINY_SETTINGS.ladder.slice(0, 2), thumbnails: undefined };
const KEY = 'uploads/clip.mp4';
const T0 = 1_700_000_000_000;

let clips: { first: string; second: string };
beforeAll(async () => {
  const dir = tmpWorkDir('retired-clips');
  clips = { first: await tinyClip(dir, 'one.mp4'), second: await tinyClip(dir, 'two.mp4', false) };
});

async function publish(p: LocalPipeline, file: string): Promise<string> {
  const object = await uploadForEvent(p.store, KEY, file);
  await p.invoker.invokeAsync(LOCAL_FUNCTIONS.planner, ossEventFromSample(OSS_SAMPLE, [object]));
  await p.invoker.drain();
  return jobIdFor(object.bucket, object.key, object.eTag);
}

const folder = (name: string) => outputKey(SETTINGS, KEY, name, '');
const filesIn = async (p: LocalPipeline, name: string) => (await p.store.list(folder(name))).map((k) => k.slice(folder(name).length));
const listed = async (p: LocalPipeline, name: string) =>
  parseMediaPlaylist((await p.store.get(folder(name) + 'index.m3u8')).toString()).map((s) => s.uri);
const sorted = (files: string[]) => [...files].sort();
const reap = (p: LocalPipeline, id: string) => createReaper(p.deps)(Buffer.from('{}'), context(id));

describe('retired segments', () => {
  it('a re-upload replaces the published version at finalize, and the old segments go a grace period after', async () => {
    const clock = new FixedClock(T0);
    const p = createLocalPipeline({ workDir: tmpWorkDir('retired'), settings: SETTINGS, clock });
    const v1 = await publish(p, clips.first);
    const firstFiles = await filesIn(p, '180p');
    expect(firstFiles).toEqual(sorted(['index.m3u8', segmentFile(v1, 0)]));
    expect((await p.jobs.getRow(p.deps.jobTable, jobKey(v1)))?.retires).toBeUndefined();

    clock.advance(60_000);
    const v2 = await publish(p, clips.second);
    const row = await p.jobs.getRow(p.deps.jobTable, jobKey(v2));
    expect(row?.status).toBe('DONE');
    expect(JSON.parse(String(row?.retires))).toEqual({ jobId: v1, folders: [folder('120p'), folder('180p')] });
    // Both versions' files side by side; the playlists name the new version's only.
    expect(await filesIn(p, '180p')).toEqual(sorted(['index.m3u8', segmentFile(v1, 0), segmentFile(v2, 0)]));
    expect(await listed(p, '180p')).toEqual([segmentFile(v2, 0)]);

    clock.advance(RETIRED_SEGMENTS_GRACE_MS - 1);
    expect(await reap(p, 'early')).toMatchObject({ deletedSegments: 0, cleaned: [] });
    clock.advance(1);
    expect(await reap(p, 'due')).toMatchObject({ deletedSegments: 2, cleaned: [v2] });
    for (const name of ['180p', '120p']) expect(await filesIn(p, name)).toEqual(sorted(['index.m3u8', segmentFile(v2, 0)]));
    expect((await p.jobs.getRow(p.deps.jobTable, jobKey(v2)))?.segmentsDeletedAt).toBe(clock.now());
    expect(await reap(p, 'again')).toMatchObject({ deletedSegments: 0, cleaned: [] });
  });

  it('a FAILED job’s own segments go, and nothing of another version or shape beside them', async () => {
    const clock = new FixedClock(T0);
    const p = createLocalPipeline({ workDir: tmpWorkDir('retired-failed'), settings: SETTINGS, clock });
    const published = await publish(p, clips.first);
    const failed = 'f0f0f0f0' + 'a'.repeat(24);
    const plan = [{ name: '180p', kind: 'renditions', renditions: [SETTINGS.ladder[0]] }];
    await p.jobs.putRow(p.deps.jobTable, jobKey(failed), { status: 'FAILED', key: KEY, plan: JSON.stringify(plan), failedAt: clock.now() });
    const strays = [segmentFile(failed, 0), segmentFile(failed, 1), 'f0f0f0f0_003_00000.ts', 'f0f0f0f0_notes.txt', 'f0f0f0f0_00000.ts.bak'];
    for (const file of strays) await p.store.put(folder('180p') + file, 'x');
    clock.advance(RETIRED_SEGMENTS_GRACE_MS);
    expect(await reap(p, 'reaper')).toMatchObject({ deletedSegments: 3, cleaned: [failed] });
    expect(await filesIn(p, '180p')).toEqual(sorted(['f0f0f0f0_00000.ts.bak', 'f0f0f0f0_notes.txt', 'index.m3u8', segmentFile(published, 0)]));
  });

  it('keeps a FAILED job’s segments while its own manifest is the published one (its DONE write was lost)', async () => {
    const clock = new FixedClock(T0);
    const p = createLocalPipeline({ workDir: tmpWorkDir('retired-published'), settings: SETTINGS, clock });
    const jobId = await publish(p, clips.first);
    await p.jobs.updateRow(p.deps.jobTable, jobKey(jobId), { put: { status: 'FAILED', failedAt: clock.now() } }, { row: 'EXPECT_EXIST' });
    clock.advance(RETIRED_SEGMENTS_GRACE_MS);
    expect(await reap(p, 'reaper')).toMatchObject({ deletedSegments: 0, cleaned: [jobId] });
    expect(await filesIn(p, '180p')).toEqual(sorted(['index.m3u8', segmentFile(jobId, 0)]));
  });

  it('keeps the published version’s segments when the retired version shares its 8-digit tag', async () => {
    const clock = new FixedClock(T0);
    const p = createLocalPipeline({ workDir: tmpWorkDir('retired-tag'), settings: SETTINGS, clock });
    const jobId = await publish(p, clips.first);
    const twin = jobId.slice(0, 8) + 'b'.repeat(24);
    const retires: RetiredVersion = { jobId: twin, folders: [folder('180p')] };
    await p.jobs.updateRow(p.deps.jobTable, jobKey(jobId), { put: { retires: JSON.stringify(retires) } }, { row: 'EXPECT_EXIST' });
    clock.advance(RETIRED_SEGMENTS_GRACE_MS);
    expect(await reap(p, 'reaper')).toMatchObject({ deletedSegments: 0, cleaned: [jobId] });
    expect(await filesIn(p, '180p')).toEqual(sorted(['index.m3u8', segmentFile(jobId, 0)]));
  });

  it('stops at the run’s budget and goes on at the next run', async () => {
    const clock = new FixedClock(T0);
    const p = createLocalPipeline({ workDir: tmpWorkDir('retired-budget'), settings: SETTINGS, clock });
    const failed = 'c0c0c0c0' + 'd'.repeat(24);
    const plan = [{ name: '180p', kind: 'renditions', renditions: [SETTINGS.ladder[0]] }];
    const row = { status: 'FAILED', key: KEY, plan: JSON.stringify(plan), failedAt: clock.now() };
    await p.jobs.putRow(p.deps.jobTable, jobKey(failed), row);
    for (let n = 0; n < 5; n++) await p.store.put(folder('180p') + segmentFile(failed, n), 'x');
    const log = loggerFor(context('r'), () => undefined);
    const now = clock.now() + RETIRED_SEGMENTS_GRACE_MS;
    expect(await deleteDueSegments(p.deps, failed, row, now, 3, log)).toEqual({ deleted: 3, complete: false });
    expect(await filesIn(p, '180p')).toHaveLength(2);
    expect((await p.jobs.getRow(p.deps.jobTable, jobKey(failed)))?.segmentsDeletedAt).toBeUndefined();
    expect(await deleteDueSegments(p.deps, failed, row, now, 3, log)).toEqual({ deleted: 2, complete: true });
    expect(await filesIn(p, '180p')).toEqual([]);
  });

  it('records nothing to retire for MP4 packaging, where a rendition is one file rewritten in place', async () => {
    const clock = new FixedClock(T0);
    const p = createLocalPipeline({ workDir: tmpWorkDir('retired-mp4'), settings: { ...SETTINGS, packaging: 'mp4' }, clock });
    await publish(p, clips.first);
    const v2 = await publish(p, clips.second);
    expect((await p.jobs.getRow(p.deps.jobTable, jobKey(v2)))?.retires).toBeUndefined();
  });

  it('a late finalize of the published version keeps what its first one recorded', async () => {
    const clock = new FixedClock(T0);
    const p = createLocalPipeline({ workDir: tmpWorkDir('retired-retry'), settings: SETTINGS, clock });
    const v1 = await publish(p, clips.first);
    const v2 = await publish(p, clips.second);
    // A late duplicate finalize of the (now DONE) second version reads its own manifest: the record stays the first's.
    await finalizeJob(
      p.deps,
      v2,
      context('late'),
      loggerFor(context('late'), () => undefined),
    );
    expect(JSON.parse(String((await p.jobs.getRow(p.deps.jobTable, jobKey(v2)))?.retires)).jobId).toBe(v1);
  });
});
