/**
 * What a DONE job published: each rendition once (its playlist and every segment it lists, nothing else in its
 * folder) and once in the master playlist, its thumbnails, and all of it made from the version (ETag) it planned:
 * the manifest names that ETag, the object still has it, and the media have audio exactly when that version had.
 */
import type { Manifest } from '../../../runtime/media/finalize';
import type { Job } from '../../../runtime/media/jobs';
import { MANIFEST_FILE, MASTER_FILE, outputKey } from '../../../runtime/media/outputs';
import { outputKeyPrefix } from '../../../runtime/media/settings';
import { probe } from '../../../runtime/shared/ffmpeg';
import { bareETag } from '../../../runtime/shared/ports';
import type { Violation } from '../violations';
import { playlistUris, variantCodecs } from './hls';
import type { Table } from './rows';
import type { MediaWorld } from './world';

type Report = (invariant: string, detail: unknown) => void;
const ONCE = 'each rendition exists once and is listed once in the master';
const VERSION = 'outputs are of the planned version';

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
  const planned = (job.plan ?? []).flatMap((p) => (p.kind === 'renditions' ? p.renditions.map((r) => r.name) : []));
  const master = (await store.head(outputKey(deps.settings, job.key, MASTER_FILE)))
    ? (await store.get(outputKey(deps.settings, job.key, MASTER_FILE))).toString('utf8')
    : '';
  const variants = playlistUris(master);
  const audio = w.uploads.find((u) => u.key === job.key && bareETag(u.eTag) === bareETag(job.eTag))?.audio;
  for (const name of planned) {
    const uri = `${name}/index.m3u8`;
    const listed = variants.filter((v) => v === uri).length;
    if (listed !== 1) report(ONCE, { key: job.key, rendition: name, inMaster: listed });
    await checkSegments(w, prefix, name, audio, report);
  }
  if (variants.length !== planned.length) report(ONCE, { key: job.key, variants, planned });
  if (variantCodecs(master).some((c) => c.includes('mp4a') !== audio)) report(VERSION, { key: job.key, codecs: variantCodecs(master), audio });
  for (const thumb of manifest.thumbnails) if (!(await store.head(thumb))) report(ONCE, { key: job.key, thumbnail: thumb, missing: true });
}

async function checkSegments(w: MediaWorld, prefix: string, name: string, audio: boolean | undefined, report: Report): Promise<void> {
  const { store } = w.pipeline;
  const playlistKey = `${prefix}${name}/index.m3u8`;
  if (!(await store.head(playlistKey))) return report(ONCE, { rendition: playlistKey, playlist: 'missing' });
  const segments = playlistUris((await store.get(playlistKey)).toString('utf8')).map((s) => `${prefix}${name}/${s}`);
  const inFolder = (await store.list(`${prefix}${name}/`)).filter((k) => k !== playlistKey);
  const missing = segments.filter((s) => !inFolder.includes(s));
  const extra = inFolder.filter((k) => !segments.includes(k));
  if (missing.length > 0 || extra.length > 0) report(ONCE, { rendition: playlistKey, missing, extra });
  if (segments.length === 0 || missing.length > 0) return;
  const first = await probe(await store.readableUrl(segments[0]));
  if (first.hasAudio !== audio) report(VERSION, { segment: segments[0], hasAudio: first.hasAudio, uploadHadAudio: audio });
}
