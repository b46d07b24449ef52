import { CdnRefusedError } from '../../../runtime/shared/ports';
import { objectPath } from '../../../runtime/media/cdn-prefetch';
import { quotaRowId, reserveQuota } from '../../../runtime/media/cdn-quota';
import { jobIdFor, jobKey, readJob } from '../../../runtime/media/jobs';
import { createLocalPipeline, LOCAL_FUNCTIONS } from '../../../runtime/media/local-pipeline';
import type { MediaSettings } from '../../../runtime/media/settings';
import { FixedClock } from '../../../runtime/shared/clock';
import { MemoryTableStore } from '../../../runtime/shared/local/table-store/memory-table-store';
import { OSS_SAMPLE, ossEventFromSample, TINY_SETTINGS, tinyClip, tmpWorkDir, uploadForEvent } from './media-fixtures';

let clip: string;
beforeAll(async () => {
  clip = await tinyClip(tmpWorkDir('cdn-clip'));
});

const DAY = '2023-11-14';
const noon = () => new FixedClock(Date.parse(`${DAY}T12:00:00Z`));
const settings = (dailyQuota: number): MediaSettings => ({ ...TINY_SETTINGS, cdn: { domain: 'https://cdn.example.com/', prefetch: 'startup', dailyQuota, area: 'domestic' } });

describe('CDN quota', () => {
  it('grants exactly the quota to concurrent reservations', async () => {
    const jobs = new MemoryTableStore();
    const grants = await Promise.all(Array.from({ length: 20 }, (_, i) => reserveQuota(jobs, 't', DAY, `job-${i}`, 3, 7)));
    expect(grants.reduce((a, b) => a + b, 0)).toBe(7);
    expect((await jobs.getRow('t', jobKey(quotaRowId(DAY))))?.used).toBe(7);
  });

  it('never exceeds the quota when two jobs race for it, and records what was skipped', async () => {
    const quota = 8; // each job wants 6 paths (startup scope)
    const p = createLocalPipeline({
      workDir: tmpWorkDir('cdn-race'),
      settings: settings(quota),
      clock: new FixedClock(Date.parse(`${DAY}T12:00:00Z`)),
    });
    const a = await uploadForEvent(p.store, 'uploads/a.mp4', clip);
    const b = await uploadForEvent(p.store, 'uploads/b b.mp4', clip);
    await Promise.all([
      p.invoker.invokeAsync(LOCAL_FUNCTIONS.planner, ossEventFromSample(OSS_SAMPLE, [a])),
      p.invoker.invokeAsync(LOCAL_FUNCTIONS.planner, ossEventFromSample(OSS_SAMPLE, [b])),
    ]);
    await p.invoker.drain();

    const sent = p.cdn.prefetches.flatMap((x) => x.objectPaths);
    expect(sent).toHaveLength(quota);
    expect(sent).toContain('cdn.example.com/processed/uploads/b%20b.mp4/master.m3u8');
    expect((await p.jobs.getRow(p.deps.jobTable, jobKey(quotaRowId(DAY))))?.used).toBe(quota);
    const rows = await Promise.all(
      [a, b].map(async (o) => readJob('x', (await p.jobs.getRow(p.deps.jobTable, jobKey(jobIdFor(o.bucket, o.key, o.eTag))))!)),
    );
    expect(rows.map((j) => j.status)).toEqual(['DONE', 'DONE']);
    expect(rows.map((j) => Number(j.raw.cdnPrefetched) + Number(j.raw.cdnSkipped))).toEqual([6, 6]);
    expect(rows.reduce((n, j) => n + Number(j.raw.cdnSkipped), 0)).toBe(4);
  });

  it('records a CDN API error on the job row and as one structured error line, without failing the job', async () => {
    const lines: string[] = [];
    const p = createLocalPipeline({ workDir: tmpWorkDir('cdn-error'), settings: settings(100), log: (line) => lines.push(line) });
    p.deps.cdn = { prefetch: async () => Promise.reject(new CdnRefusedError('Throttling', 'Throttling.User')) };
    const a = await uploadForEvent(p.store, 'uploads/a.mp4', clip);
    await p.invoker.invokeAsync(LOCAL_FUNCTIONS.planner, ossEventFromSample(OSS_SAMPLE, [a]));
    await p.invoker.drain();
    const jobId = jobIdFor(a.bucket, a.key, a.eTag);
    const job = readJob(jobId, (await p.jobs.getRow(p.deps.jobTable, jobKey(jobId)))!);
    expect(job.status).toBe('DONE');
    expect(job.raw).toMatchObject({ cdnStatus: 'FAILED', cdnError: 'Throttling.User', cdnPrefetched: 0 });
    const errors = lines.map((l) => JSON.parse(l)).filter((l) => l.level === 'error');
    expect(errors).toEqual([
      expect.objectContaining({ msg: 'CDN prefetch failed', jobId, error: expect.objectContaining({ code: 'Throttling' }) }),
    ]);
  });

  it('gives back the grant a CDN error left unused', async () => {
    const p = createLocalPipeline({ workDir: tmpWorkDir('cdn-give-back'), settings: settings(100), clock: noon() });
    p.deps.cdn = { prefetch: async () => Promise.reject(new CdnRefusedError('Throttling', 'Throttling.User')) };
    const a = await uploadForEvent(p.store, 'uploads/a.mp4', clip);
    await p.invoker.invokeAsync(LOCAL_FUNCTIONS.planner, ossEventFromSample(OSS_SAMPLE, [a]));
    await p.invoker.drain();
    expect((await p.jobs.getRow(p.deps.jobTable, jobKey(quotaRowId(DAY))))?.used).toBe(0);
  });

  // The invocation dies at one point of finalize (a write that landed with its answer lost, or a kill right after
  // PushObjectCache answered); FC retries it with the same requestId.
  it.each([
    ['after the quota increment', 'quota'],
    ['right after the prefetch call', 'prefetch'],
    ['at the cdnPrefetched write', 'recorded'],
  ] as const)('spends the quota once and prefetches each URL once when finalize is killed %s', async (_name, where) => {
    const p = createLocalPipeline({ workDir: tmpWorkDir(`cdn-kill-${where}`), settings: settings(100), clock: noon() });
    let killed = false;
    let prefetchAnswered = false;
    const kill = () => {
      killed = true;
      throw new Error('invocation killed');
    };
    const cdn = p.deps.cdn!;
    p.deps.cdn = {
      prefetch: async (paths) => {
        const task = await cdn.prefetch(paths);
        prefetchAnswered = !killed;
        return task;
      },
    };
    const updateRow = p.jobs.updateRow.bind(p.jobs);
    p.jobs.updateRow = async (table, key, update, condition) => {
      if (!killed && where === 'prefetch' && prefetchAnswered) kill();
      const after = await updateRow(table, key, update, condition);
      const quotaWrite = key[0][1] === quotaRowId(DAY) && (update.increment?.used ?? 0) > 0;
      if (!killed && ((where === 'quota' && quotaWrite) || (where === 'recorded' && update.put?.cdnPrefetched !== undefined))) kill();
      return after;
    };
    const a = await uploadForEvent(p.store, 'uploads/a.mp4', clip);
    await p.invoker.invokeAsync(LOCAL_FUNCTIONS.planner, ossEventFromSample(OSS_SAMPLE, [a]));
    await p.invoker.drain();

    expect(killed).toBe(true);
    const sent = p.cdn.prefetches.flatMap((x) => x.objectPaths);
    expect(sent).toHaveLength(6);
    expect(new Set(sent).size).toBe(6);
    expect((await p.jobs.getRow(p.deps.jobTable, jobKey(quotaRowId(DAY))))?.used).toBe(6);
    const jobId = jobIdFor(a.bucket, a.key, a.eTag);
    const job = readJob(jobId, (await p.jobs.getRow(p.deps.jobTable, jobKey(jobId)))!);
    expect(job.status).toBe('DONE');
    expect(job.raw).toMatchObject({ cdnStatus: 'DONE', cdnSkipped: 0 });
    // A batch whose answer died with the invocation counts as unconfirmed, never as sent twice.
    expect([job.raw.cdnPrefetched, job.raw.cdnUnconfirmed]).toEqual(where === 'prefetch' ? [0, 6] : [6, 0]);
  });

  it("prefetches scope 'all' as the job's own files: a retired version's segments beside them are not warmed", async () => {
    const all: MediaSettings = { ...TINY_SETTINGS, cdn: { domain: 'cdn.example.com', prefetch: 'all', dailyQuota: 1000, area: 'domestic' } };
    const p = createLocalPipeline({ workDir: tmpWorkDir('cdn-all'), settings: all, clock: noon() });
    const stale = 'processed/uploads/a.mp4/180p/0badc0de_00000.ts';
    await p.store.put(stale, 'an older version');
    const a = await uploadForEvent(p.store, 'uploads/a.mp4', clip);
    await p.invoker.invokeAsync(LOCAL_FUNCTIONS.planner, ossEventFromSample(OSS_SAMPLE, [a]));
    await p.invoker.drain();
    const sent = p.cdn.prefetches.flatMap((x) => x.objectPaths).map((path) => path.replace('cdn.example.com/', ''));
    const outputs = (await p.store.list('processed/uploads/a.mp4/')).filter((k) => k !== stale);
    expect([...sent].sort()).toEqual([...outputs].sort());
    expect(sent[0]).toBe('processed/uploads/a.mp4/master.m3u8');
  });

  it('builds domain/path object paths without a scheme', () => {
    expect(objectPath('https://cdn.example.com/', 'processed/a b/视.m3u8')).toBe('cdn.example.com/processed/a%20b/%E8%A7%86.m3u8');
  });
});
