/**
 * Deleting the segments nothing plays any more. Every segment carries its job's version (segment-names.ts), so one
 * version's files can be told from every other's in the folders all versions of a key share. Two kinds of version
 * leave segments behind:
 * - a FAILED job's: its parts uploaded them, and no playlist ever named them (playlists are written at finalize);
 * - a published version's, once a newer version of the key is published over it: its playlists are replaced, but a
 *   player that loaded them before goes on fetching its segments for as long as it plays.
 * The newer version's finalizer records, before it publishes anything, which version it replaces and that version's
 * folders (`retires`, read from the manifest it is about to overwrite: the older row need not exist any more). The
 * reaper deletes the retired version's segments RETIRED_SEGMENTS_GRACE_MS after the newer job is DONE, and a FAILED
 * job's own that long after it failed, then records that it did (`segmentsDeletedAt`). Deleting is a listing of each
 * folder by the version's tag and one DeleteObject per file of that version: a reaper that stops midway deletes the
 * rest on its next run, and a second run finds nothing left.
 *
 * Job row columns: retires  JSON RetiredVersion;  segmentsDeletedAt  epoch ms INTEGER (jobs.ts).
 */
import type { Logger } from '../shared/log';
import { NotFoundError, type Attributes, type ObjectStore } from '../shared/ports';
import { columnAbsent, columnEquals, ifCondition } from '../shared/table-store';
import { audioFolder } from './chunks';
import type { MediaDeps } from './deps';
import type { Manifest } from './finalize';
import { jobKey, type Part } from './jobs';
import { folderOf, MANIFEST_FILE, outputKey } from './outputs';
import { isSegmentOf, versionTag } from './segment-names';

/**
 * How long a version's segments outlive the playlists that named them. A player that loaded the old playlists keeps
 * playing them that long after the new version is published. Shorter than the least row retention a job table takes
 * (1 day: `jobTableProps.retentionDays`), so the row that says what to delete is still there when it is due.
 */
export const RETIRED_SEGMENTS_GRACE_MS = 12 * 3600_000;

/** At most this many DeleteObject calls per reaper run (the rest wait for the next run, 30 minutes later); 8 at a time. */
export const SEGMENT_DELETES_PER_RUN = 10_000;
const DELETE_CONCURRENCY = 8;

/** The version a published job replaced, and the folders its segments are in (output keys ending in `/`). */
export interface RetiredVersion {
  jobId: string;
  folders: string[];
}

/** The manifest published at the job's key, or undefined when there is none or it is not one of ours. */
export async function publishedManifest(store: ObjectStore, manifestKey: string): Promise<Manifest | undefined> {
  let body: Buffer;
  try {
    body = await store.get(manifestKey);
  } catch (err) {
    if (err instanceof NotFoundError) return undefined;
    throw err;
  }
  try {
    const manifest = JSON.parse(body.toString('utf8')) as Partial<Manifest>;
    return typeof manifest.jobId === 'string' && Array.isArray(manifest.renditions) ? (manifest as Manifest) : undefined;
  } catch {
    return undefined;
  }
}

/** The folders a published HLS manifest's segments are in: its renditions' and its audio tracks'. */
export function manifestFolders(manifest: Manifest): string[] {
  if (manifest.packaging !== 'hls') return [];
  return [...new Set([...manifest.renditions, ...(manifest.audio ?? [])].map((r) => folderOf(r.key)))].sort();
}

/**
 * Before a job publishes: records on its row the version its manifest is about to replace (once; a retry finds it
 * recorded, or the manifest not yet replaced). Nothing is recorded for MP4 packaging (no segments) or a first version.
 */
export async function recordRetiredVersion(deps: MediaDeps, jobId: string, row: Attributes, manifestKey: string, log: Logger): Promise<void> {
  if (deps.settings.packaging !== 'hls' || row.retires !== undefined) return;
  const published = await publishedManifest(deps.output, manifestKey);
  if (!published || published.jobId === jobId) return;
  const retired: RetiredVersion = { jobId: published.jobId, folders: manifestFolders(published) };
  if (retired.folders.length === 0) return;
  const recorded = await ifCondition(() =>
    deps.jobs.updateRow(
      deps.jobTable,
      jobKey(jobId),
      { put: { retires: JSON.stringify(retired) } },
      { row: 'EXPECT_EXIST', column: { and: [columnAbsent('retires'), columnEquals('status', 'TRANSCODING')] } },
    ),
  );
  if (recorded) log.info('replaces a published version', { retires: retired.jobId, folders: retired.folders.length });
}

/** What a row asks the reaper to delete now: a version and its folders; undefined when nothing (yet). */
export function segmentsDue(deps: Pick<MediaDeps, 'settings'>, jobId: string, row: Attributes, now: number): RetiredVersion | undefined {
  if (row.segmentsDeletedAt !== undefined) return undefined;
  const due = (at: unknown) => typeof at === 'number' && at + RETIRED_SEGMENTS_GRACE_MS <= now;
  if (row.status === 'DONE' && typeof row.retires === 'string' && due(row.doneAt)) return JSON.parse(row.retires) as RetiredVersion;
  if (row.status !== 'FAILED' || deps.settings.packaging !== 'hls' || typeof row.plan !== 'string' || !due(row.failedAt)) return undefined;
  const key = String(row.key);
  const plan = JSON.parse(row.plan) as Part[];
  const folders = plan.flatMap((p) =>
    p.kind === 'renditions' ? p.renditions.map((r) => r.name) : p.kind === 'audio' ? p.bitrates.map(audioFolder) : [],
  );
  return { jobId, folders: [...new Set(folders)].sort().map((f) => outputKey(deps.settings, key, f, '')) };
}

export interface DeletedSegments {
  deleted: number;
  /** False when the run's budget ran out first: the next run goes on. */
  complete: boolean;
}

/**
 * Deletes what segmentsDue names for the row, within `budget` deletes, and records it when every file is gone. A
 * FAILED job's folders hold the published version's files too: should that version's tag be the FAILED one's (two
 * ids sharing their first 8 hex digits), nothing is deleted.
 */
export async function deleteDueSegments(
  deps: MediaDeps,
  jobId: string,
  row: Attributes,
  now: number,
  budget: number,
  log: Logger,
): Promise<DeletedSegments | undefined> {
  const due = segmentsDue(deps, jobId, row, now);
  if (!due) return undefined;
  const published = await publishedManifest(deps.output, outputKey(deps.settings, String(row.key), MANIFEST_FILE));
  if (published && published.jobId !== due.jobId && versionTag(published.jobId) === versionTag(due.jobId)) {
    log.warn('segments kept: the published version has the same tag', { jobId, version: due.jobId, published: published.jobId });
    return markDeleted(deps, jobId, now, { deleted: 0, complete: true });
  }
  if (published?.jobId === due.jobId) {
    // The version is published again (only a FAILED job's own segments can be: a row that lost its answer of DONE).
    log.warn('segments kept: the version is the published one', { jobId, version: due.jobId });
    return markDeleted(deps, jobId, now, { deleted: 0, complete: true });
  }
  let deleted = 0;
  for (const folder of due.folders) {
    const keys = (await deps.output.list(folder + versionTag(due.jobId) + '_')).filter((k) => isSegmentOf(due.jobId, k.slice(folder.length)));
    const batch = keys.slice(0, budget - deleted);
    await forEachLimited(batch, DELETE_CONCURRENCY, (k) => deps.output.delete(k));
    deleted += batch.length;
    if (batch.length < keys.length) {
      log.info('segments of a retired version: budget spent, the next run goes on', { jobId, version: due.jobId, deleted });
      return { deleted, complete: false };
    }
  }
  log.info('segments of a retired version deleted', { jobId, version: due.jobId, folders: due.folders.length, deleted });
  return markDeleted(deps, jobId, now, { deleted, complete: true });
}

async function markDeleted(deps: MediaDeps, jobId: string, now: number, result: DeletedSegments): Promise<DeletedSegments> {
  await ifCondition(() =>
    deps.jobs.updateRow(
      deps.jobTable,
      jobKey(jobId),
      { put: { segmentsDeletedAt: now } },
      { row: 'EXPECT_EXIST', column: columnAbsent('segmentsDeletedAt') },
    ),
  );
  return result;
}

async function forEachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
