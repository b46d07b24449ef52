/**
 * Finalize a job whose parts are all done: which published version it replaces (retired-segments.ts), its media
 * playlists, manifest.json, the master playlist (HLS), status DONE, then CDN prefetch; nothing is published once the
 * source has another version (the job fails instead). Every step is idempotent, so the last transcoder, its retry,
 * or a late duplicate can all run it: outputs are rewritten with the same bytes, DONE is written once, and the
 * prefetch is claimed once.
 */
import type { FcContext } from '../shared/context';
import type { Logger } from '../shared/log';
import { prefetchJobOutputs, type PrefetchOutcome } from './cdn-prefetch';
import type { MediaDeps } from './deps';
import { masterPlaylist, parseMediaPlaylist } from './hls-playlist';
import { failJobPermanently } from './job-failure';
import { columnAbsent, columnEquals, ifCondition } from '../shared/table-store';
import { audioPlaylists, audioTracks, stitchRenditions, versionedPlaylist, type AudioTrack } from './chunks';
import { getJob, jobKey, renditionResults, type Job, type RenditionResult } from './jobs';
import { folderOf, MANIFEST_FILE, MASTER_FILE, outputKey, putOptionsFor } from './outputs';
import { outputKeyPrefix } from './settings';
import { recordRetiredVersion } from './retired-segments';
import { versionTag } from './segment-names';
import { sourceChange } from './source-version';
import { noticeColumns, queueIfPending, queueNotice } from './completion';

export interface FinalizeResult {
  status: Job['status'];
  master?: string;
  manifest?: string;
  prefetch?: PrefetchOutcome;
}

export interface Manifest {
  jobId: string;
  /** The version tag the job's segment files carry (segment-names.ts). */
  version: string;
  source: { bucket: string; key: string; eTag: string; durationSeconds: number; width: number; height: number };
  packaging: 'hls' | 'mp4';
  master?: string;
  renditions: Array<Omit<RenditionResult, 'kind' | 'firstSegmentKeys'>>;
  /** A chunked job's audio tracks (HLS audio renditions the renditions' audioGroup names). */
  audio?: Array<Omit<AudioTrack, 'firstSegmentKeys' | 'segments'>>;
  thumbnails: string[];
}

/** What a finished job published: its renditions (by bandwidth), thumbnails, master playlist (HLS) and manifest. */
export function jobOutputs(settings: MediaDeps['settings'], job: Job) {
  const renditions = renditionResults(job).sort((a, b) => a.bandwidth - b.bandwidth);
  const audio = audioTracks(job);
  const thumbnails = job.parts.flatMap((p) => (p.result?.kind === 'thumbnails' ? p.result.keys : []));
  const master = settings.packaging === 'hls' ? outputKey(settings, job.key, MASTER_FILE) : undefined;
  const manifestKey = outputKey(settings, job.key, MANIFEST_FILE);
  const manifest: Manifest = {
    jobId: job.jobId,
    version: versionTag(job),
    source: {
      bucket: job.bucket,
      key: job.key,
      eTag: job.eTag,
      durationSeconds: job.source?.durationSeconds ?? 0,
      width: job.source?.width ?? 0,
      height: job.source?.height ?? 0,
    },
    packaging: settings.packaging,
    ...(master ? { master } : {}),
    renditions: renditions.map(({ kind: _kind, firstSegmentKeys: _first, segments: _segments, ...rest }) => rest),
    ...(audio.length > 0 ? { audio: audio.map(({ firstSegmentKeys: _first, segments: _segments, ...rest }) => rest) } : {}),
    thumbnails,
  };
  return { manifest, manifestKey, master, renditions, audio, thumbnails };
}

/**
 * Every media playlist the job publishes (HLS): its whole-source renditions', its stitched ones' (a chunked job's
 * chunks' segments in order) and its audio tracks', each a file of the version's own (segment-names.ts). Written at
 * finalize, when every segment is uploaded (every part is DONE); nothing plays them until the master names them.
 */
export function mediaPlaylists(job: Pick<Job, 'jobId' | 'claimedBy' | 'plan' | 'parts'>): Array<{ key: string; playlist: string }> {
  const tag = versionTag(job);
  const whole = job.parts.flatMap((p) => (p.result?.kind === 'renditions' ? p.result.renditions : []));
  return [
    ...whole.flatMap((r) => (r.segments ? [{ key: r.key, playlist: versionedPlaylist(tag, r.segments) }] : [])),
    ...stitchRenditions(job).map((s) => ({ key: s.result.key, playlist: s.playlist })),
    ...audioPlaylists(job),
  ];
}

/** Every segment the playlists list, by key (what a prefetch of scope `all` warms): the names are the playlists' own. */
export function segmentKeys(playlists: ReadonlyArray<{ key: string; playlist: string }>): string[] {
  return playlists.flatMap(({ key, playlist }) => parseMediaPlaylist(playlist).map((s) => folderOf(key) + s.uri));
}

export async function finalizeJob(deps: MediaDeps, jobId: string, ctx: FcContext, log: Logger): Promise<FinalizeResult> {
  const { jobs, jobTable, settings } = deps;
  const job = await getJob(jobs, jobTable, jobId);
  if (!job || job.status === 'FAILED') {
    log.warn('finalize skipped', { status: job?.status ?? 'missing' });
    return { status: job?.status ?? 'FAILED' };
  }
  if (job.parts.some((p) => p.state !== 'DONE' || !p.result)) throw new Error(`job ${jobId} is not complete`);
  // Playlists and manifest go where the new version's job writes its own: never publish over them.
  const changed = await sourceChange(deps.source, job.key, job.eTag);
  if (changed) {
    const failure = { reason: changed, functionName: ctx.function.name, requestId: ctx.requestId };
    const marked = job.status !== 'DONE' && (await failJobPermanently(deps, jobId, failure, columnEquals('status', 'TRANSCODING'), log));
    log.warn('source changed; job outputs not published', { reason: changed, marked });
    return { status: job.status === 'DONE' ? 'DONE' : 'FAILED' };
  }

  const { manifest, manifestKey, master, renditions, audio, thumbnails } = jobOutputs(settings, job);
  const prefix = outputKeyPrefix(settings, job.key);
  // Before anything of this version is written over the published one: which version that is (retired-segments.ts).
  if (job.status !== 'DONE') await recordRetiredVersion(deps, jobId, job.raw, manifestKey, log);
  // The version's own playlists (new files: nothing plays them yet), then the two entry points, each one write that
  // switches to the version whole: whichever of them a crash leaves older still names files that are all there.
  const playlists = mediaPlaylists(job);
  for (const { key, playlist } of playlists) await deps.output.put(key, playlist, putOptionsFor(key));
  await deps.output.put(manifestKey, JSON.stringify(manifest, null, 2), putOptionsFor(manifestKey));
  if (master) {
    const relative = (key: string) => key.slice(prefix.length);
    const tracks = audio.map((a) => ({ group: a.group, uri: relative(a.key) }));
    const body = masterPlaylist(
      renditions.map((r) => ({ ...r, uri: relative(r.key) })),
      tracks,
    );
    await deps.output.put(master, body, putOptionsFor(master));
  }

  if (job.status !== 'DONE') {
    const marked = await ifCondition(() =>
      jobs.updateRow(
        jobTable,
        jobKey(jobId),
        {
          put: {
            status: 'DONE',
            manifest: manifestKey,
            ...(master ? { master } : {}),
            doneAt: deps.clock.now(),
            updatedAt: deps.clock.now(),
            ...noticeColumns(settings, deps.clock.now(), manifest),
          },
        },
        { row: 'EXPECT_EXIST', column: columnEquals('status', 'TRANSCODING') },
      ),
    );
    const now = marked ? undefined : await getJob(jobs, jobTable, jobId);
    if (now && now.status !== 'DONE') {
      log.warn('job changed while finalizing', { status: now.status });
      return { status: now.status };
    }
    if (marked) {
      log.info('job done', { master, manifest: manifestKey, renditions: renditions.length, thumbnails: thumbnails.length });
      await queueNotice(deps, jobId, log);
    } else {
      // Our DONE write landed with its answer lost, or another finalizer's did: its notice may not be queued yet.
      await queueIfPending(deps, jobId, now?.raw, log);
    }
  } else {
    await queueIfPending(deps, jobId, job.raw, log);
  }

  const result: FinalizeResult = { status: 'DONE', manifest: manifestKey, ...(master ? { master } : {}) };
  if (!settings.cdn || !deps.cdn) return result;
  // One prefetch per job, even with two finalizers: the quota is spent once.
  const ownsPrefetch = await ifCondition(() =>
    jobs.updateRow(
      jobTable,
      jobKey(jobId),
      { put: { cdnBy: ctx.requestId } },
      {
        row: 'EXPECT_EXIST',
        column: { or: [columnAbsent('cdnBy'), { and: [columnEquals('cdnBy', ctx.requestId), columnAbsent('cdnPrefetched')] }] },
      },
    ),
  );
  if (!ownsPrefetch) return result;
  const outputs = { master, manifest: manifestKey, renditions, audio, thumbnails, segments: segmentKeys(playlists) };
  return { ...result, prefetch: await prefetchJobOutputs(deps, jobId, outputs, ctx.requestId, log) };
}
