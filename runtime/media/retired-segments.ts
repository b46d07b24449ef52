/**
 * Deleting the files nothing plays any more. Every HLS file of a version but the master carries the version's tag
 * (segment-names.ts), so one version's files can be told from every other's in the folders all versions of a key
 * share. Two kinds of version leave files behind:
 * - a FAILED job's: its parts uploaded segments, and maybe its finalize its playlists, before it failed;
 * - a published version's, once a newer version of the key is published over it: a player that loaded its playlists
 *   before goes on fetching its segments for as long as it plays.
 * The newer version's finalizer records, before it writes anything, which version it replaces and that version's
 * folders (`retires`, read from the manifest it is about to overwrite: the older row need not exist any more). The
 * reaper deletes them RETIRED_SEGMENTS_GRACE_MS after the row settled (doneAt, failedAt): the retired version's, and a
 * FAILED job's own.
 *
 * Never a version that plays: what decides is what the key's manifest and master name now, not what the rows say (a
 * job can end FAILED after its manifest or master was written: a DONE write lost to a failure handler). A version the
 * manifest names is left to the version published next, which retires it from that manifest; a version only the
 * master names (a finalize that failed between the two writes) keeps its files, and the row is looked at again at
 * every run until a later master replaces it. Then the row is recorded done (`segmentsDeletedAt`). Deleting is a
 * listing of a folder by the tag and one DeleteObject per file of that version: a reaper that stops midway deletes
 * the rest on its next run.
 *
 * Job row columns: retires  JSON RetiredVersion;  segmentsDeletedAt  epoch ms INTEGER (jobs.ts).
 */
import type { Logger } from '../shared/log';
import { NotFoundError, type Attributes, type ObjectStore } from '../shared/ports';
import { columnAbsent, columnEquals, ifCondition } from '../shared/table-store';
import { audioFolder } from './chunks';
import type { MediaDeps } from './deps';
import type { Manifest } from './finalize';
import { masterPlaylistUris } from './hls-playlist';
import { jobKey, type Part } from './jobs';
import { folderOf, MANIFEST_FILE, MASTER_FILE, outputKey } from './outputs';
import { outputKeyPrefix, RETIRED_SEGMENTS_GRACE_SECONDS } from './settings';
import { isFileOf, playlistVersion, versionTag } from './segment-names';

/** RETIRED_SEGMENTS_GRACE_SECONDS (settings.ts), in ms. */
export const RETIRED_SEGMENTS_GRACE_MS = RETIRED_SEGMENTS_GRACE_SECONDS * 1000;

/** At most this many DeleteObject calls per reaper run (the rest wait for the next run, 30 minutes later); 8 at a time. */
export const SEGMENT_DELETES_PER_RUN = 10_000;
const DELETE_CONCURRENCY = 8;

/** A version whose segments are to go: its tag, and the folders they are in (output keys ending in `/`). */
export interface RetiredVersion {
  jobId: string;
  version: string;
  folders: string[];
}

/** The manifest at `manifestKey`, or undefined when there is none or it is not one of ours. */
export async function publishedManifest(store: ObjectStore, manifestKey: string): Promise<Manifest | undefined> {
  const body = await getIfExists(store, manifestKey);
  if (!body) return undefined;
  try {
    const manifest = JSON.parse(body.toString('utf8')) as Partial<Manifest>;
    return typeof manifest.jobId === 'string' && typeof manifest.version === 'string' && Array.isArray(manifest.renditions)
      ? (manifest as Manifest)
      : undefined;
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
 * recorded, or the manifest not yet replaced). Nothing for a first version or an MP4 one (no segments).
 */
export async function recordRetiredVersion(deps: MediaDeps, jobId: string, row: Attributes, manifestKey: string, log: Logger): Promise<void> {
  if (row.retires !== undefined) return;
  const published = await publishedManifest(deps.output, manifestKey);
  if (!published || published.jobId === jobId) return;
  const retired: RetiredVersion = { jobId: published.jobId, version: published.version, folders: manifestFolders(published) };
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

/**
 * The versions a row asks the reaper to delete now: the one it retired and, FAILED, its own; none before the grace,
 * once recorded done, or when the cells it needs are gone (rows expire cell by cell).
 */
export function versionsDue(deps: Pick<MediaDeps, 'settings'>, jobId: string, row: Attributes, now: number): RetiredVersion[] {
  // Without its key the row cannot tell what plays: nothing is deleted for it.
  if (row.segmentsDeletedAt !== undefined || typeof row.key !== 'string') return [];
  const settledAt = row.status === 'DONE' ? row.doneAt : row.status === 'FAILED' ? row.failedAt : undefined;
  if (typeof settledAt !== 'number' || settledAt + RETIRED_SEGMENTS_GRACE_MS > now) return [];
  const key = row.key;
  const due: RetiredVersion[] = typeof row.retires === 'string' ? [JSON.parse(row.retires) as RetiredVersion] : [];
  if (row.status === 'FAILED' && typeof row.plan === 'string' && typeof row.claimedBy === 'string') {
    const folders = (JSON.parse(row.plan) as Part[]).flatMap((p) =>
      p.kind === 'renditions' ? p.renditions.map((r) => r.name) : p.kind === 'audio' ? p.bitrates.map(audioFolder) : [],
    );
    const version = versionTag({ jobId, claimedBy: row.claimedBy });
    due.push({ jobId, version, folders: [...new Set(folders)].sort().map((f) => outputKey(deps.settings, key, f, '')) });
  }
  return due;
}

export interface DeletedSegments {
  deleted: number;
  /** Every file of the row's versions is gone (recorded); false when one still plays or the run's budget ran out. */
  complete: boolean;
}

/** Deletes the files of what versionsDue names for the row, within `budget` deletes, but never of a version that plays. */
export async function deleteDueSegments(
  deps: MediaDeps,
  jobId: string,
  row: Attributes,
  now: number,
  budget: number,
  log: Logger,
): Promise<DeletedSegments | undefined> {
  const due = versionsDue(deps, jobId, row, now);
  if (due.length === 0) return undefined;
  const published = await publishedVersions(deps, String(row.key));
  // The manifest's version is retired by whichever version is published next (recordRetiredVersion reads it there).
  const pending = due.filter((v) => v.version !== published.manifest);
  const playing = pending.filter((v) => published.master.has(v.version));
  let deleted = 0;
  for (const version of pending.filter((v) => !published.master.has(v.version))) {
    for (const folder of version.folders) {
      const keys = (await deps.output.list(folder + version.version)).filter((k) => isFileOf(version.version, k.slice(folder.length)));
      const batch = keys.slice(0, budget - deleted);
      await forEachLimited(batch, DELETE_CONCURRENCY, (k) => deps.output.delete(k));
      deleted += batch.length;
      if (batch.length < keys.length) {
        log.info('files of versions nothing plays: budget spent, the next run goes on', { jobId, version: version.jobId, deleted });
        return { deleted, complete: false };
      }
    }
  }
  if (playing.length > 0) {
    log.info('files kept: the published master names their version', { jobId, versions: playing.map((v) => v.jobId), deleted });
    return { deleted, complete: false };
  }
  log.info('files of versions nothing plays deleted', { jobId, versions: due.map((v) => v.jobId), deleted });
  await ifCondition(() =>
    deps.jobs.updateRow(
      deps.jobTable,
      jobKey(jobId),
      { put: { segmentsDeletedAt: now } },
      { row: 'EXPECT_EXIST', column: columnAbsent('segmentsDeletedAt') },
    ),
  );
  return { deleted, complete: true };
}

/** The versions the key's master playlist names now (by its playlists' file names), and the one its manifest names. */
async function publishedVersions(deps: MediaDeps, key: string): Promise<{ master: Set<string>; manifest?: string }> {
  const prefix = outputKeyPrefix(deps.settings, key);
  const master = await getIfExists(deps.output, prefix + MASTER_FILE);
  const manifest = await publishedManifest(deps.output, prefix + MANIFEST_FILE);
  const named = master ? masterPlaylistUris(master.toString('utf8')).map((uri) => playlistVersion(uri.slice(uri.lastIndexOf('/') + 1))) : [];
  return { master: new Set(named.filter((v): v is string => v !== undefined)), ...(manifest ? { manifest: manifest.version } : {}) };
}

async function getIfExists(store: ObjectStore, key: string): Promise<Buffer | undefined> {
  try {
    return await store.get(key);
  } catch (err) {
    if (err instanceof NotFoundError) return undefined;
    throw err;
  }
}

async function forEachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
