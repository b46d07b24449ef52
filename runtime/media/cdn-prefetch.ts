/**
 * CDN prefetch of a finished job's outputs, within the daily URL quota (cdn-quota.ts), so concurrent jobs together
 * never go over it. A CDN error is logged and recorded on the job row; it never fails the job (the video plays
 * without prefetch), and the quota it left unused is given back.
 */
import { PREFETCH_PATH_LIMIT } from '../shared/cdn-prefetch-paths';
import type { Logger } from '../shared/log';
import { CdnRefusedError, type Attributes } from '../shared/ports';
import { columnEquals } from '../shared/table-store';
import { giveBackQuota, reserveQuota } from './cdn-quota';
import type { MediaDeps } from './deps';
import { jobKey, type RenditionResult } from './jobs';
import type { AudioTrack } from './chunks';
import type { MediaSettings, PrefetchScope } from './settings';

export interface JobOutputs {
  master?: string;
  manifest: string;
  /** Lowest bandwidth first. */
  renditions: RenditionResult[];
  /** A chunked job's audio tracks (their playlists and first segments are warmed like a rendition's). */
  audio?: AudioTrack[];
  thumbnails: string[];
  /** Every segment the job's playlists list (HLS; for scope `all`): this version's only, not what shares its folders. */
  segments: string[];
}

export interface PrefetchOutcome {
  prefetched: number;
  /** Sent by an attempt that died or lost the answer: maybe prefetched; their quota stays spent. */
  unconfirmed: number;
  skippedForQuota: number;
  tasks: string[];
  error?: string;
}

/** The output keys a scope warms, most useful first (a partial quota keeps the head of the list). */
export function prefetchKeys(scope: PrefetchScope, outputs: JobOutputs): string[] {
  const media = [...outputs.renditions, ...(outputs.audio ?? [])];
  const playlists = outputs.master ? [outputs.master, ...media.map((r) => r.key)] : [outputs.manifest];
  if (scope === 'playlists') return playlists;
  if (scope === 'all') {
    const files = outputs.master ? outputs.segments : outputs.renditions.map((r) => r.key);
    return [...playlists, ...files, ...outputs.thumbnails, ...(outputs.master ? [outputs.manifest] : [])];
  }
  // startup: what a player fetches in its first seconds.
  const firstMedia = outputs.master ? media.flatMap((r) => r.firstSegmentKeys ?? []) : outputs.renditions.map((r) => r.key);
  return [...(outputs.master ? playlists : []), ...firstMedia, ...outputs.thumbnails.slice(0, 1)];
}

/** `domain/path` as PushObjectCache wants it: no scheme; each key segment percent-encoded as in its URL. */
export function objectPath(domain: string, key: string): string {
  const host = domain.replace(/^[a-z]+:\/\//i, '').replace(/\/+$/, '');
  return `${host}/${key.split('/').map(encodeURIComponent).join('/')}`;
}

/** Per batch on the job row: SENDING before the call, then SENT with its task id, or FAILED when the API refused it. */
const batchColumns = (index: number) => ({ state: `cdnBatch${index}State`, task: `cdnBatch${index}Task` });

/**
 * Prefetches a job's outputs, owned by the finalizer holding `cdnBy` (`requestId`). Every step is recorded before
 * the next, so an FC retry of the same invocation continues where it died: the day is pinned on the job row (a
 * retry after midnight spends the same day's quota), the grant is the job's own, and a batch already sent, or whose
 * call may have gone out before the invocation died, is never sent again.
 */
export async function prefetchJobOutputs(
  deps: MediaDeps,
  jobId: string,
  outputs: JobOutputs,
  requestId: string,
  log: Logger,
): Promise<PrefetchOutcome> {
  const cdnSettings = deps.settings.cdn as NonNullable<MediaSettings['cdn']>;
  const { jobs, jobTable } = deps;
  const owned = columnEquals('cdnBy', requestId);
  const row = (await jobs.getRow(jobTable, jobKey(jobId))) ?? {};
  const day = typeof row.cdnDay === 'string' ? row.cdnDay : new Date(deps.clock.now()).toISOString().slice(0, 10);
  if (row.cdnDay === undefined) await jobs.updateRow(jobTable, jobKey(jobId), { put: { cdnDay: day } }, { row: 'EXPECT_EXIST', column: owned });
  const keys = prefetchKeys(cdnSettings.prefetch, outputs);
  const granted = await reserveQuota(jobs, jobTable, day, jobId, keys.length, cdnSettings.dailyQuota);
  const paths = keys.slice(0, granted).map((k) => objectPath(cdnSettings.domain, k));
  const outcome: PrefetchOutcome = { prefetched: 0, unconfirmed: 0, skippedForQuota: keys.length - granted, tasks: [] };
  const mark = (put: Attributes) => jobs.updateRow(jobTable, jobKey(jobId), { put }, { row: 'EXPECT_EXIST', column: owned });
  for (let i = 0; i < paths.length; i += PREFETCH_PATH_LIMIT) {
    const batch = paths.slice(i, i + PREFETCH_PATH_LIMIT);
    const columns = batchColumns(i / PREFETCH_PATH_LIMIT);
    const state = row[columns.state];
    if (state === 'FAILED') {
      outcome.error = String(row.cdnError ?? '');
      break;
    }
    if (state === 'SENT') {
      outcome.tasks.push(String(row[columns.task]));
      outcome.prefetched += batch.length;
      continue;
    }
    if (state === 'SENDING') {
      // An earlier attempt died in or right after the call: it may have been queued, so it is not sent again.
      log.warn('CDN prefetch batch of an earlier attempt unconfirmed; not sent again', { batch: i / PREFETCH_PATH_LIMIT, paths: batch.length });
      outcome.unconfirmed += batch.length;
      continue;
    }
    await mark({ [columns.state]: 'SENDING' });
    let task: string;
    try {
      task = await deps.cdn!.prefetch(batch);
    } catch (err) {
      log.logError(err, 'CDN prefetch failed', { paths: batch.length });
      outcome.error = (err as Error).message ?? String(err);
      // A refusal is the API's answer: nothing was queued. Anything else (a reset socket, a 5xx, a timeout) may have
      // been queued, so its quota stays spent.
      if (err instanceof CdnRefusedError) await mark({ [columns.state]: 'FAILED', cdnError: outcome.error });
      else outcome.unconfirmed += batch.length;
      break;
    }
    await mark({ [columns.state]: 'SENT', [columns.task]: task });
    outcome.tasks.push(task);
    outcome.prefetched += batch.length;
  }
  // A CDN error must not use up quota for nothing.
  await giveBackQuota(jobs, jobTable, day, jobId, granted - outcome.prefetched - outcome.unconfirmed);
  if (outcome.skippedForQuota > 0) log.warn('CDN prefetch quota reached', { day, skipped: outcome.skippedForQuota });
  await jobs.updateRow(jobTable, jobKey(jobId), {
    put: {
      cdnPrefetched: outcome.prefetched,
      cdnUnconfirmed: outcome.unconfirmed,
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
