/** The work of one part: run ffmpeg into a scratch folder, measure what came out, upload it. */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { probe, runFfmpeg } from '../shared/ffmpeg';
import { thumbnailArgs, thumbnailTimes } from '../shared/ffmpeg/args';
import type { ObjectStore, ReadableVersion } from '../shared/ports';
import type { MediaDeps } from './deps';
import { codecsString, measureBandwidth, parseMediaPlaylist } from './hls-playlist';
import type { Job, Part, PartResult, RenditionResult, ThumbnailsResult } from './jobs';
import type { Rendition } from './ladder';
import { MP4_FILE, outputKey, PLAYLIST_FILE, putOptionsFor, SEGMENT_PATTERN, THUMBNAILS_DIR, thumbnailFile } from './outputs';
import { assertSourceUnchanged, readPinned } from './source-version';
import { hlsRenditionArgs, mp4RenditionArgs, type RenditionJob, type WatermarkInput } from './transcode';

/** How many leading segments the result keeps by key (what a `startup` CDN prefetch warms). */
export const FIRST_SEGMENTS_KEPT = 2;

export async function renderPart(deps: MediaDeps, job: Job, part: Part, workDir: string): Promise<PartResult> {
  await fs.mkdir(workDir, { recursive: true });
  const input = await readPinned(deps.source, job.key, job.eTag);
  if (part.kind === 'thumbnails') return renderThumbnails(deps, job, input, workDir);
  const watermark = await fetchWatermark(deps, workDir);
  const encode = { input: input.url, inputHeaders: input.headers, renditions: part.renditions, hasAudio: job.source?.hasAudio ?? false };
  const run = { ...encode, ...(watermark ? { watermark } : {}) };
  const renditions = deps.settings.packaging === 'hls' ? await renderHls(deps, job, run, workDir) : await renderMp4(deps, job, run, workDir);
  return { kind: 'renditions', renditions };
}

/** One ffmpeg run for the part's renditions (one decode), then each rendition measured and uploaded. */
async function renderHls(deps: MediaDeps, job: Job, run: RenditionJob, workDir: string): Promise<RenditionResult[]> {
  const dirs = run.renditions.map((r) => path.join(workDir, 'hls', r.name));
  await Promise.all(dirs.map((dir) => fs.mkdir(dir, { recursive: true })));
  const outs = dirs.map((dir) => ({
    segmentSeconds: deps.settings.segmentSeconds,
    playlistFile: path.join(dir, PLAYLIST_FILE),
    segmentPattern: path.join(dir, SEGMENT_PATTERN),
  }));
  await runFfmpeg(hlsRenditionArgs(run, outs));
  const made: Array<{ r: Rendition; dir: string; segments: Array<{ uri: string; durationSeconds: number; bytes: number }> }> = [];
  for (const [i, r] of run.renditions.entries()) {
    const segments = parseMediaPlaylist(await fs.readFile(outs[i].playlistFile, 'utf8'));
    if (segments.length === 0) throw new Error(`ffmpeg wrote no segments for ${r.name}`);
    made.push({
      r,
      dir: dirs[i],
      segments: await Promise.all(segments.map(async (s) => ({ ...s, bytes: (await fs.stat(path.join(dirs[i], s.uri))).size }))),
    });
  }
  await assertSourceUnchanged(deps.source, job.key, job.eTag);
  const results: RenditionResult[] = [];
  for (const { r, dir, segments } of made) {
    const measured = await probe(path.join(dir, segments[0].uri));
    const key = (file: string) => outputKey(deps.settings, job.key, r.name, file);
    // Segments first, playlist last: a reader never sees a playlist naming a missing segment.
    for (const s of segments) await upload(deps.output, key(s.uri), path.join(dir, s.uri));
    await upload(deps.output, key(PLAYLIST_FILE), path.join(dir, PLAYLIST_FILE));
    const bandwidth = measureBandwidth(segments);
    results.push({
      kind: 'rendition',
      name: r.name,
      width: measured.width,
      height: measured.height,
      bandwidth: bandwidth.peak,
      averageBandwidth: bandwidth.average,
      codecs: codecsString(measured.videoProfile, measured.videoLevel, run.hasAudio),
      durationSeconds: round3(segments.reduce((sum, s) => sum + s.durationSeconds, 0)),
      key: key(PLAYLIST_FILE),
      segmentCount: segments.length,
      firstSegmentKeys: segments.slice(0, FIRST_SEGMENTS_KEPT).map((s) => key(s.uri)),
    });
  }
  return results;
}

async function renderMp4(deps: MediaDeps, job: Job, run: RenditionJob, workDir: string): Promise<RenditionResult[]> {
  const files = run.renditions.map((r) => path.join(workDir, `${r.name}-${MP4_FILE}`));
  await runFfmpeg(mp4RenditionArgs(run, files));
  await assertSourceUnchanged(deps.source, job.key, job.eTag);
  const results: RenditionResult[] = [];
  for (const [i, r] of run.renditions.entries()) {
    const measured = await probe(files[i]);
    const { size } = await fs.stat(files[i]);
    const key = outputKey(deps.settings, job.key, r.name, MP4_FILE);
    await upload(deps.output, key, files[i]);
    const rate = measured.durationSeconds > 0 ? Math.ceil((size * 8) / measured.durationSeconds) : 0;
    results.push({
      kind: 'rendition',
      name: r.name,
      width: measured.width,
      height: measured.height,
      bandwidth: rate,
      averageBandwidth: rate,
      codecs: codecsString(measured.videoProfile, measured.videoLevel, run.hasAudio),
      durationSeconds: round3(measured.durationSeconds),
      key,
    });
  }
  return results;
}

async function renderThumbnails(deps: MediaDeps, job: Job, input: ReadableVersion, workDir: string): Promise<ThumbnailsResult> {
  const { count, width } = deps.settings.thumbnails ?? { count: 0, width: 0 };
  const files = Array.from({ length: count }, (_, i) => path.join(workDir, thumbnailFile(i)));
  await runFfmpeg(thumbnailArgs(input.url, thumbnailTimes(job.source?.durationSeconds ?? 0, count), width, files, input.headers));
  await assertSourceUnchanged(deps.source, job.key, job.eTag);
  const keys: string[] = [];
  for (let i = 0; i < count; i++) {
    const key = outputKey(deps.settings, job.key, THUMBNAILS_DIR, thumbnailFile(i));
    await upload(deps.output, key, files[i]);
    keys.push(key);
  }
  return { kind: 'thumbnails', keys };
}

/** The watermark PNG lives in the source bucket (outside the input prefix, or it would be transcoded). */
async function fetchWatermark(deps: MediaDeps, workDir: string): Promise<WatermarkInput | undefined> {
  const mark = deps.settings.watermark;
  if (!mark) return undefined;
  const file = path.join(workDir, 'watermark.png');
  await deps.source.download(mark.key, file);
  return { file, position: mark.position, marginPx: mark.marginPx, widthFraction: mark.widthFraction };
}

function upload(store: ObjectStore, key: string, file: string): Promise<void> {
  return store.upload(key, file, putOptionsFor(key));
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
