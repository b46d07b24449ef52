/**
 * CDN prefetch of a finished job's outputs, within a daily URL quota (PushObjectCache allows
 * 1,000 URLs a day by default). The quota is counted on the job table row `cdn-quota#YYYY-MM-DD`
 * with a conditional INCREMENT, so concurrent jobs together never go over it. A CDN error is
 * logged and recorded on the job row; it never fails the job (the video plays without prefetch).
 */
import { PREFETCH_PATH_LIMIT } from '../shared/cdn-prefetch-paths';
import type { Logger } from '../shared/log';
import type { TableStore } from '../shared/ports';
import type { MediaDeps } from './deps';
import { ifCondition } from '../shared/table-store';
import { jobKey, type RenditionResult } from './jobs';
import type { MediaSettings, PrefetchScope } from './settings';

export interface JobOutputs {
  master?: string;
  manifest: string;
  /** Lowest bandwidth first. */
  renditions: RenditionResult[];
  thumbnails: string[];
  /** Output prefix of the job (for scope `all`). */
  prefix: string;
}

export interface PrefetchOutcome {
  prefetched: number;
  skippedForQuota: number;
  tasks: string[];
  error?: string;
}

/** How often a reservation retries after losing a race for the quota row. */
const QUOTA_ATTEMPTS = 10;

export const quotaRowId = (day: string) => `cdn-quota#${day}`;

/** The output keys a scope warms, most useful first (a partial quota keeps the head of the list). */
export async function prefetchKeys(scope: PrefetchScope, outputs: JobOutputs, list: (prefix: string) => Promise<string[]>): Promise<string[]> {
  const playlists = outputs.master
    ? [outputs.master, ...outputs.renditions.map((r) => r.key)]
    : [outputs.manifest];
  if (scope === 'playlists') return playlists;
  if (scope === 'all') {
    const all = await list(outputs.prefix);
    return [...playlists, ...all.filter((k) => !playlists.includes(k))];
  }
  // startup: what a player fetches in its first seconds.
  const firstMedia = outputs.master
    ? outputs.renditions.flatMap((r) => r.firstSegmentKeys ?? [])
    : outputs.renditions.map((r) => r.key);
  return [...(outputs.master ? playlists : []), ...firstMedia, ...outputs.thumbnails.slice(0, 1)];
}

/** `domain/path` as PushObjectCache wants it: no scheme; each key segment percent-encoded as in its URL. */
export function objectPath(domain: string, key: string): string {
  const host = domain.replace(/^[a-z]+:\/\//i, '').replace(/\/+$/, '');
  return `${host}/${key.split('/').map(encodeURIComponent).join('/')}`;
}

/**
 * Reserves up to `wanted` URLs of today's quota; returns how many were granted. The increment
 * only applies while `used <= quota - grant`, so it can never take the count past the quota.
 */
export async function reserveQuota(jobs: TableStore, table: string, day: string, wanted: number, quota: number): Promise<number> {
  const key = jobKey(quotaRowId(day));
  for (let attempt = 0; attempt < QUOTA_ATTEMPTS; attempt++) {
    const row = await jobs.getRow(table, key);
    const used = typeof row?.used === 'number' ? row.used : 0;
    const grant = Math.min(wanted, quota - used);
    if (grant <= 0) return 0;
    const granted = await ifCondition(() =>
      jobs.updateRow(
        table,
        key,
        { increment: { used: grant } },
        { row: 'IGNORE', column: { column: 'used', op: '<=', value: quota - grant, passIfMissing: true } },
      ),
    );
    if (granted) return grant;
  }
  return 0;
}

export async function prefetchJobOutputs(deps: MediaDeps, jobId: string, outputs: JobOutputs, log: Logger): Promise<PrefetchOutcome> {
  const cdnSettings = deps.settings.cdn as NonNullable<MediaSettings['cdn']>;
  const cdn = deps.cdn!;
  const keys = await prefetchKeys(cdnSettings.prefetch, outputs, (prefix) => deps.output.list(prefix));
  const day = new Date(deps.clock.now()).toISOString().slice(0, 10);
  const granted = await reserveQuota(deps.jobs, deps.jobTable, day, keys.length, cdnSettings.dailyQuota);
  const paths = keys.slice(0, granted).map((k) => objectPath(cdnSettings.domain, k));
  const outcome: PrefetchOutcome = { prefetched: 0, skippedForQuota: keys.length - granted, tasks: [] };
  for (let i = 0; i < paths.length; i += PREFETCH_PATH_LIMIT) {
    const batch = paths.slice(i, i + PREFETCH_PATH_LIMIT);
    try {
      outcome.tasks.push(await cdn.prefetch(batch));
      outcome.prefetched += batch.length;
    } catch (err) {
      log.logError(err, 'CDN prefetch failed', { paths: batch.length });
      outcome.error = (err as Error).message ?? String(err);
      break;
    }
  }
  if (outcome.skippedForQuota > 0) log.warn('CDN prefetch quota reached', { day, skipped: outcome.skippedForQuota });
  await deps.jobs.updateRow(deps.jobTable, jobKey(jobId), {
    put: {
      cdnPrefetched: outcome.prefetched,
      cdnSkipped: outcome.skippedForQuota,
      cdnTasks: JSON.stringify(outcome.tasks),
      // Visible on the row, not only in the logs: a job whose prefetch failed plays, but cold.
      cdnStatus: outcome.error ? 'FAILED' : 'DONE',
      ...(outcome.error ? { cdnError: outcome.error } : {}),
      updatedAt: deps.clock.now(),
    },
  });
  log.info('CDN prefetch recorded', { ...outcome });
  return outcome;
}
