/**
 * Segments nothing plays any more are deleted, and only those: a re-uploaded key's previous version after the grace,
 * a FAILED job's own; never a file a published playlist lists, never a file of another version or shape. The last
 * four cases are an adversarial review's (publishing is several writes; rows expire cell by cell).
 */
import { parseMediaPlaylist } from '../../../runtime/media/hls-playlist';
import { jobIdFor, jobKey, readJob } from '../../../runtime/media/jobs';
import { createLocalPipeline, LOCAL_FUNCTIONS, type LocalPipeline } from '../../../runtime/media/local-pipeline';
import { MANIFEST_FILE, outputKey } from '../../../runtime/media/outputs';
import { createReaper } from '../../../runtime/media/reaper';
import { deleteDueSegments, RETIRED_SEGMENTS_GRACE_MS, type RetiredVersion } from '../../../runtime/media/retired-segments';
import { playlistFile, segmentFile, versionTag } from '../../../runtime/media/segment-names';
import type { MediaSettings } from '../../../runtime/media/settings';
import { FixedClock } from '../../../runtime/shared/clock';
import { loggerFor } from '../../../runtime/shared/log';
import { context, OSS_SAMPLE, ossEventFromSample, portraitClip, TINY_SETTINGS, tinyClip, tmpWorkDir, uploadForEvent } from './media-fixtures';

const SETTINGS: MediaSettings = { ...TINY_SETTINGS, ladder: TINY_SETTINGS.ladder.slice(0, 2), thumbnails: undefined };
const KEY = 'uploads/clip.mp4';
const T0 = 1_700_000_000_000;

let clips: { first: string; second: string; third: string };
beforeAll(async () => {
  const dir = tmpWorkDir('retired-clips');
  clips = { first: await tinyClip(dir, 'one.mp4'), second: await tinyClip(dir, 'two.mp4', false), third: await portraitClip(dir) };
});

const pipeline = (name: string, settings = SETTINGS) => {
  const clock = new FixedClock(T0);
  return { clock, p: createLocalPipeline({ workDir: tmpWorkDir(name), settings, clock }) };
};

async function publish(p: LocalPipeline, file: string): Promise<string> {
  const object = await uploadForEvent(p.store, KEY, file);
  await p.invoker.invokeAsync(LOCAL_FUNCTIONS.planner, ossEventFromSample(OSS_SAMPLE, [object]));
  await p.invoker.drain();
  return jobIdFor(object.bucket, object.key, object.eTag);
}

const row = async (p: LocalPipeline, jobId: string) => (await p.jobs.getRow(p.deps.jobTable, jobKey(jobId)))!;
/** The version tag of a job the pipeline planned (its claim is on its row). */
const tagOf = async (p: LocalPipeline, jobId: string) => versionTag(readJob(jobId, await row(p, jobId)));
const folder = (name: string) => outputKey(SETTINGS, KEY, name, '');
const sorted = (files: string[]) => [...files].sort();
const filesIn = async (p: LocalPipeline, name: string) => (await p.store.list(folder(name))).map((k) => k.slice(folder(name).length));
/** The segments the playlist the published master names in `name`'s folder lists. */
const listed = async (p: LocalPipeline, name: string) => {
  const uri = (await p.store.get(outputKey(SETTINGS, KEY, 'master.m3u8')))
    .toString()
    .split('\n')
    .find((l) => l.startsWith(`${name}/`))!;
  return parseMediaPlaylist((await p.store.get(outputKey(SETTINGS, KEY, uri))).toString()).map((s) => s.uri);
};
/** A version's files in a folder: its playlist and its first segment. */
const filesOf = (tag: string) => [playlistFile(tag), segmentFile(tag, 0)];
const reap = (p: LocalPipeline, id: string) => createReaper(p.deps)(Buffer.from('{}'), context(id));
/** Every put of a key ending in `suffix` fails, as in an outage, until stop(). */
function refusing(p: LocalPipeline, suffix: string) {
  const put = p.store.put.bind(p.store);
  let on = true;
  p.store.put = async (key, body, options) => (on && key.endsWith(suffix) ? Promise.reject(new Error('ECONNRESET')) : put(key, body, options));
  return { stop: () => (on = false) };
}
const markFailed = (p: LocalPipeline, jobId: string, at: number) =>
  p.jobs.updateRow(p.deps.jobTable, jobKey(jobId), { put: { status: 'FAILED', failedAt: at } }, { row: 'EXPECT_EXIST' });

describe('retired segments', () => {
  it('a re-upload replaces the published version at finalize, and the old segments go a grace period after', async () => {
    const { clock, p } = pipeline('retired');
    const v1 = await publish(p, clips.first);
    const t1 = await tagOf(p, v1);
    expect(await filesIn(p, '180p')).toEqual(sorted(filesOf(t1)));
    expect((await row(p, v1)).retires).toBeUndefined();

    clock.advance(60_000);
    const v2 = await publish(p, clips.second);
    const t2 = await tagOf(p, v2);
    expect((await row(p, v2)).status).toBe('DONE');
    expect(JSON.parse(String((await row(p, v2)).retires))).toEqual({ jobId: v1, version: t1, folders: [folder('120p'), folder('180p')] });
    // Both versions' files side by side; the master names the new version's.
    expect(await filesIn(p, '180p')).toEqual(sorted([...filesOf(t1), ...filesOf(t2)]));
    expect(await listed(p, '180p')).toEqual([segmentFile(t2, 0)]);

    clock.advance(RETIRED_SEGMENTS_GRACE_MS - 1);
    expect(await reap(p, 'early')).toMatchObject({ deletedSegments: 0, cleaned: [] });
    clock.advance(1);
    expect(await reap(p, 'due')).toMatchObject({ deletedSegments: 4, cleaned: [v2] });
    for (const name of ['180p', '120p']) expect(await filesIn(p, name)).toEqual(sorted(filesOf(t2)));
    expect((await row(p, v2)).segmentsDeletedAt).toBe(clock.now());
    expect(await reap(p, 'again')).toMatchObject({ deletedSegments: 0, cleaned: [] });
  });

  it('a FAILED job’s own segments go, and nothing of another version or shape beside them', async () => {
    const { clock, p } = pipeline('retired-failed');
    const published = await publish(p, clips.first);
    const failed = 'f0f0f0f0' + 'a'.repeat(24);
    const tag = versionTag({ jobId: failed, claimedBy: 'planner-1' });
    const plan = [{ name: '180p', kind: 'renditions', renditions: [SETTINGS.ladder[0]] }];
    const failedRow = { status: 'FAILED', key: KEY, claimedBy: 'planner-1', plan: JSON.stringify(plan), failedAt: clock.now() };
    await p.jobs.putRow(p.deps.jobTable, jobKey(failed), failedRow);
    const strays = [segmentFile(tag, 0), segmentFile(tag, 1), `${tag}_003_00000.ts`, playlistFile(tag), `${tag}_notes.txt`, `${tag}_00000.ts.bak`];
    for (const file of strays) await p.store.put(folder('180p') + file, 'x');
    clock.advance(RETIRED_SEGMENTS_GRACE_MS);
    expect(await reap(p, 'reaper')).toMatchObject({ deletedSegments: 4, cleaned: [failed] });
    const kept = [`${tag}_00000.ts.bak`, `${tag}_notes.txt`, ...filesOf(await tagOf(p, published))];
    expect(await filesIn(p, '180p')).toEqual(sorted(kept));
  });

  it('keeps the published version’s files when the retired version shares its tag (the manifest names it)', async () => {
    const { clock, p } = pipeline('retired-tag');
    const jobId = await publish(p, clips.first);
    const tag = await tagOf(p, jobId);
    const retires: RetiredVersion = { jobId: 'b'.repeat(32), version: tag, folders: [folder('180p')] };
    await p.jobs.updateRow(p.deps.jobTable, jobKey(jobId), { put: { retires: JSON.stringify(retires) } }, { row: 'EXPECT_EXIST' });
    clock.advance(RETIRED_SEGMENTS_GRACE_MS);
    expect(await reap(p, 'reaper')).toMatchObject({ deletedSegments: 0, cleaned: [jobId] });
    expect(await filesIn(p, '180p')).toEqual(sorted(filesOf(tag)));
  });

  it('stops at the run’s budget and goes on at the next run', async () => {
    const { clock, p } = pipeline('retired-budget');
    const failed = 'c0c0c0c0' + 'd'.repeat(24);
    const tag = versionTag({ jobId: failed, claimedBy: 'planner-1' });
    const plan = [{ name: '180p', kind: 'renditions', renditions: [SETTINGS.ladder[0]] }];
    const failedRow = { status: 'FAILED', key: KEY, claimedBy: 'planner-1', plan: JSON.stringify(plan), failedAt: clock.now() };
    await p.jobs.putRow(p.deps.jobTable, jobKey(failed), failedRow);
    for (let n = 0; n < 5; n++) await p.store.put(folder('180p') + segmentFile(tag, n), 'x');
    const log = loggerFor(context('r'), () => undefined);
    const now = clock.now() + RETIRED_SEGMENTS_GRACE_MS;
    expect(await deleteDueSegments(p.deps, failed, failedRow, now, 3, log)).toEqual({ deleted: 3, complete: false });
    expect(await filesIn(p, '180p')).toHaveLength(2);
    expect((await row(p, failed)).segmentsDeletedAt).toBeUndefined();
    expect(await deleteDueSegments(p.deps, failed, failedRow, now, 3, log)).toEqual({ deleted: 2, complete: true });
    expect(await filesIn(p, '180p')).toEqual([]);
  });

  it('records nothing to retire for MP4 packaging, where a rendition is one file rewritten in place', async () => {
    const { p } = pipeline('retired-mp4', { ...SETTINGS, packaging: 'mp4' });
    await publish(p, clips.first);
    const v2 = await publish(p, clips.second);
    expect((await row(p, v2)).retires).toBeUndefined();
  });

  /** A first version published, then a second whose finalize cannot write `refused` on any try (an outage). */
  async function failedRepublish(name: string, refused: string) {
    const { clock, p } = pipeline(name);
    const v1 = await publish(p, clips.first);
    const refusal = refusing(p, refused);
    clock.advance(60_000);
    const v2 = await publish(p, clips.second);
    refusal.stop();
    expect((await row(p, v2)).status).toBe('FAILED');
    return { clock, p, v2, t1: await tagOf(p, v1), t2: await tagOf(p, v2) };
  }

  it('a job that fails before its manifest changes nothing that plays, and its own files go', async () => {
    // Its playlists were written (files of its own): nothing names them.
    const { clock, p, v2, t1, t2 } = await failedRepublish('retired-unpublished', 'manifest.json');
    expect(await listed(p, '180p')).toEqual([segmentFile(t1, 0)]);
    expect(await filesIn(p, '180p')).toEqual(sorted([...filesOf(t1), ...filesOf(t2)]));
    clock.advance(RETIRED_SEGMENTS_GRACE_MS);
    expect(await reap(p, 'r1')).toMatchObject({ deletedSegments: 4, cleaned: [v2] });
    for (const name of ['180p', '120p']) expect(await filesIn(p, name)).toEqual(sorted(filesOf(t1)));
  });

  it('a job that fails between its manifest and its master: each plays whole until a later version, then both go', async () => {
    const { clock, p, v2, t1, t2 } = await failedRepublish('retired-half-published', 'master.m3u8');
    // Players still on the first version (the master), readers of the manifest on the second: every file there.
    expect(await listed(p, '180p')).toEqual([segmentFile(t1, 0)]);
    clock.advance(RETIRED_SEGMENTS_GRACE_MS);
    expect(await reap(p, 'r1')).toMatchObject({ deletedSegments: 0, cleaned: [] });
    expect(await filesIn(p, '180p')).toEqual(sorted([...filesOf(t1), ...filesOf(t2)]));
    expect((await row(p, v2)).segmentsDeletedAt).toBeUndefined();
    // A third version publishes over both: then theirs go, and the row is done.
    clock.advance(60_000);
    const v3 = await publish(p, clips.third);
    expect((await row(p, v3)).status).toBe('DONE');
    clock.advance(RETIRED_SEGMENTS_GRACE_MS);
    await reap(p, 'r2');
    expect((await row(p, v2)).segmentsDeletedAt).toBeDefined();
    for (const name of ['180p', '120p']) expect(await filesIn(p, name)).toEqual(sorted(filesOf(await tagOf(p, v3))));
  });

  it('a version published whole whose row ended FAILED keeps its files, and the one it replaced goes', async () => {
    const { clock, p } = pipeline('retired-done-lost');
    const v1 = await publish(p, clips.first);
    const put = p.store.put.bind(p.store);
    let v2 = '';
    p.store.put = async (key, body, options) => {
      await put(key, body, options);
      // Right after the new version's manifest lands, a failure handler marks its job FAILED: its DONE write loses.
      if (v2 && key.endsWith(MANIFEST_FILE) && (await row(p, v2)).status === 'TRANSCODING') await markFailed(p, v2, clock.now());
    };
    clock.advance(60_000);
    const object = await uploadForEvent(p.store, KEY, clips.second);
    v2 = jobIdFor(object.bucket, object.key, object.eTag);
    await p.invoker.invokeAsync(LOCAL_FUNCTIONS.planner, ossEventFromSample(OSS_SAMPLE, [object]));
    await p.invoker.drain();
    expect((await row(p, v2)).status).toBe('FAILED');
    expect(JSON.parse(String((await row(p, v2)).retires)).jobId).toBe(v1);
    clock.advance(RETIRED_SEGMENTS_GRACE_MS);
    await reap(p, 'r1');
    await reap(p, 'r2');
    expect(await filesIn(p, '180p')).toEqual(sorted(filesOf(await tagOf(p, v2))));
  });

  it('the same upload planned again after its row expired writes files no older retirement names', async () => {
    const { clock, p } = pipeline('retired-revert');
    const v1 = await publish(p, clips.first);
    const t1 = await tagOf(p, v1);
    await p.jobs.deleteRow(p.deps.jobTable, jobKey(v1)); // its row's retention passed
    clock.advance(60_000);
    await publish(p, clips.second);
    clock.advance(RETIRED_SEGMENTS_GRACE_MS); // the retirement of the first version is due now
    // The first file uploaded again: the same job id, a new claim; the reaper's timer fires as it finalizes.
    const put = p.store.put.bind(p.store);
    let fired = false;
    p.store.put = async (key, body, options) => {
      if (!fired && key.endsWith('.m3u8') && !key.endsWith('master.m3u8')) {
        fired = true;
        await reap(p, 'timer');
      }
      return put(key, body, options);
    };
    expect(await publish(p, clips.first)).toBe(v1);
    const again = await tagOf(p, v1);
    expect(again).not.toBe(t1);
    expect(await listed(p, '180p')).toEqual([segmentFile(again, 0)]);
    expect(await filesIn(p, '180p')).toContain(segmentFile(again, 0));
  });

  it('a row whose key, plan or claim expired (rows expire cell by cell) deletes nothing and is not recorded done', async () => {
    const { clock, p } = pipeline('retired-expired');
    const failed = 'f0f0f0f0' + 'a'.repeat(24);
    const plan = JSON.stringify([{ name: '180p', kind: 'renditions', renditions: [SETTINGS.ladder[0]] }]);
    const log = loggerFor(context('r'), () => undefined);
    const now = clock.now() + RETIRED_SEGMENTS_GRACE_MS;
    const whole = { status: 'FAILED', key: KEY, claimedBy: 'planner-1', plan, failedAt: clock.now() };
    for (const gone of ['key', 'plan', 'claimedBy'] as const) {
      const { [gone]: _gone, ...partial } = whole;
      expect(await deleteDueSegments(p.deps, failed, partial, now, 100, log)).toBeUndefined();
    }
    const retires: RetiredVersion = { jobId: 'b'.repeat(32), version: 'b'.repeat(8), folders: [folder('180p')] };
    const doneWithoutKey = { status: 'DONE', doneAt: clock.now(), retires: JSON.stringify(retires) };
    expect(await deleteDueSegments(p.deps, failed, doneWithoutKey, now, 100, log)).toBeUndefined();
  });
});
