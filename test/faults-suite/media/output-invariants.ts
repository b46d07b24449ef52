/**
 * What a DONE job published: each rendition once (its playlist and every segment it lists, nothing else in its
 * folder) and once in the master playlist, its thumbnails, and all of it made from the version (ETag) it planned:
 * the manifest names that ETag, the object still has it, and the media have audio exactly when that version had.
 * A chunked job's renditions are stitched: each covers the source once (its segments' durations add up to the
 * source's within a frame), and its audio is one track per bitrate, listed in the master, with the same checks.
 */
import { audioFolder } from '../../../runtime/media/chunks';
import type { Manifest } from '../../../runtime/media/finalize';
import { parseMediaPlaylist } from '../../../runtime/media/hls-playlist';
import type { Job } from '../../../runtime/media/jobs';
import { MANIFEST_FILE, MASTER_FILE, outputKey } from '../../../runtime/media/outputs';
import { outputKeyPrefix } from '../../../runtime/media/settings';
import { playlistFile, versionTag } from '../../../runtime/media/segment-names';
import { probeJson } from '../../../runtime/shared/ffmpeg';
import { bareETag } from '../../../runtime/shared/ports';
import type { Violation } from '../violations';
import { playlistUris, variantCodecs } from './hls';
import type { Table } from './rows';
import type { MediaWorld } from './world';

type Report = (invariant: string, detail: unknown) => void;
const ONCE = 'each rendition exists once and is listed once in the master';
const VERSION = 'outputs are of the planned version';
const STITCHED = 'a chunked rendition covers the source once';

export async function outputViolations(w: MediaWorld, table: Table): Promise<Violation[]> {
  const found: Violation[] = [];
  const report: Report = (invariant, detail) => found.push({ invariant, detail: JSON.stringify(detail) });
  const keys = new Set(table.jobs.filter((j) => j.status === 'DONE').map((j) => j.key));
  for (const key of keys) await checkKey(w, table, key, report);
  return found;
}

async function checkKey(w: MediaWorld, table: Table, key: string, report: Report): Promise<void> {
  const { store, deps } = w.pipeline;
  const manifestKey = outputKey(deps.settings, key, MANIFEST_FILE);
  if (!(await store.head(manifestKey))) return report(ONCE, { key, manifest: 'missing' });
  const manifest = JSON.parse((await store.get(manifestKey)).toString('utf8')) as Manifest;
  const done = table.jobs.filter((j) => j.key === key && j.status === 'DONE');
  const job = done.find((j) => bareETag(j.eTag) === bareETag(manifest.source.eTag));
  if (!job) return report(VERSION, { key, manifestETag: manifest.source.eTag, doneETags: done.map((j) => j.eTag) });
  const current = bareETag((await store.head(key))?.etag ?? '');
  if (done.some((j) => bareETag(j.eTag) === current) && bareETag(job.eTag) !== current) {
    report(VERSION, { key, published: job.eTag, current });
  }
  await checkRenditions(w, job, manifest, report);
}

async function checkRenditions(w: MediaWorld, job: Job, manifest: Manifest, report: Report): Promise<void> {
  const { store, deps } = w.pipeline;
  const prefix = outputKeyPrefix(deps.settings, job.key);
  const planned = [...new Set((job.plan ?? []).flatMap((p) => (p.kind === 'renditions' ? p.renditions.map((r) => r.name) : [])))];
  const chunked = (job.plan ?? []).some((p) => p.kind === 'renditions' && p.chunk);
  const master = (await store.head(outputKey(deps.settings, job.key, MASTER_FILE)))
    ? (await store.get(outputKey(deps.settings, job.key, MASTER_FILE))).toString('utf8')
    : '';
  const variants = playlistUris(master);
  const audio = w.uploads.find((u) => u.key === job.key && bareETag(u.eTag) === bareETag(job.eTag))?.audio;
  const playlist = playlistFile(versionTag(job));
  for (const name of planned) {
    const uri = `${name}/${playlist}`;
    const listed = variants.filter((v) => v === uri).length;
    if (listed !== 1) report(ONCE, { key: job.key, rendition: name, inMaster: listed });
    // A chunked job's video has no audio: its audio tracks do.
    const durations = await checkSegments(w, prefix, name, playlist, chunked ? false : audio, report);
    if (chunked) checkCoverage(job, name, durations, report);
  }
  if (chunked) await checkAudioTracks(w, job, manifest, master, audio, report);
  if (variants.length !== planned.length) report(ONCE, { key: job.key, variants, planned });
  if (variantCodecs(master).some((c) => c.includes('mp4a') !== audio)) report(VERSION, { key: job.key, codecs: variantCodecs(master), audio });
  for (const thumb of manifest.thumbnails) if (!(await store.head(thumb))) report(ONCE, { key: job.key, thumbnail: thumb, missing: true });
}

/** The folder's playlist lists every segment in it and nothing else; the first has audio exactly when expected. Its durations. */
async function checkSegments(
  w: MediaWorld,
  prefix: string,
  folder: string,
  playlist: string,
  audio: boolean | undefined,
  report: Report,
): Promise<number[]> {
  const { store } = w.pipeline;
  const playlistKey = `${prefix}${folder}/${playlist}`;
  if (!(await store.head(playlistKey))) {
    report(ONCE, { rendition: playlistKey, playlist: 'missing' });
    return [];
  }
  const listed = parseMediaPlaylist((await store.get(playlistKey)).toString('utf8'));
  const segments = listed.map((s) => `${prefix}${folder}/${s.uri}`);
  const inFolder = (await store.list(`${prefix}${folder}/`)).filter((k) => k !== playlistKey);
  const missing = segments.filter((s) => !inFolder.includes(s));
  const extra = inFolder.filter((k) => !segments.includes(k));
  if (missing.length > 0 || extra.length > 0) report(ONCE, { rendition: playlistKey, missing, extra });
  if (segments.length > 0 && missing.length === 0) {
    const streams = (await probeJson(await store.readableUrl(segments[0]))).streams ?? [];
    const hasAudio = streams.some((st) => st.codec_type === 'audio');
    if (hasAudio !== audio) report(VERSION, { segment: segments[0], hasAudio, expectedAudio: audio });
  }
  return listed.map((s) => s.durationSeconds);
}

function checkCoverage(job: Job, name: string, durations: number[], report: Report): void {
  const seconds = durations.reduce((sum, d) => sum + d, 0);
  const frame = 1 / (job.source?.fps || 30);
  if (Math.abs(seconds - (job.source?.durationSeconds ?? 0)) > frame)
    report(STITCHED, { key: job.key, rendition: name, seconds, source: job.source?.durationSeconds });
}

/** One track per bitrate the plan's audio part names, each in the master once, each folder its playlist's segments only. */
async function checkAudioTracks(w: MediaWorld, job: Job, manifest: Manifest, master: string, audio: boolean | undefined, report: Report) {
  const prefix = outputKeyPrefix(w.pipeline.deps.settings, job.key);
  const bitrates = (job.plan ?? []).flatMap((p) => (p.kind === 'audio' ? p.bitrates : []));
  if (bitrates.length > 0 !== audio) report(VERSION, { key: job.key, audioTracks: bitrates, uploadHadAudio: audio });
  const media = master.split('\n').filter((l) => l.startsWith('#EXT-X-MEDIA:TYPE=AUDIO'));
  if (media.length !== bitrates.length || (manifest.audio ?? []).length !== bitrates.length) {
    report(ONCE, { key: job.key, audioTracks: bitrates, inMaster: media.length, inManifest: manifest.audio?.length ?? 0 });
  }
  for (const bitrate of bitrates) {
    const folder = audioFolder(bitrate);
    const playlist = playlistFile(versionTag(job));
    if (!media.some((l) => l.includes(`URI="${folder}/${playlist}"`))) report(ONCE, { key: job.key, audioTrack: folder, inMaster: 0 });
    checkCoverage(job, folder, await checkSegments(w, prefix, folder, playlist, true, report), report);
  }
}
