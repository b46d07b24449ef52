/** The work of one part: run ffmpeg into a scratch folder, measure what came out, upload it (nothing once the source changed). */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { probe, runFfmpeg } from '../shared/ffmpeg';
import { thumbnailArgs, thumbnailTimes } from '../shared/ffmpeg/args';
import type { ObjectStore, ReadableVersion } from '../shared/ports';
import type { MediaDeps } from './deps';
import { codecsString, measureBandwidth, parseMediaPlaylist, playlistSeconds } from './hls-playlist';
import type { AudioResult, ChunkResult, Job, Part, PartResult, RenditionResult, ThumbnailsResult } from './jobs';
import { audioFolder, audioGroup, type AudioTrack, type Chunk, type ChunkRendition, type ChunkSegment } from './chunks';
import { FIRST_SEGMENTS_KEPT, MP4_FILE, outputKey, PLAYLIST_FILE, putOptionsFor, THUMBNAILS_DIR, thumbnailFile } from './outputs';
import { chunkSegmentFile, chunkSegmentPattern, playlistFile, segmentFile, segmentPattern, versionTag } from './segment-names';
import { assertSourceUnchanged, readPinned } from './source-version';
import { audioTrackArgs, hlsRenditionArgs, mp4RenditionArgs, type HlsOutput, type RenditionJob, type WatermarkInput } from './transcode';

export async function renderPart(deps: MediaDeps, job: Job, part: Part, workDir: string): Promise<PartResult> {
  await fs.mkdir(workDir, { recursive: true });
  const input = await readPinned(deps.source, job.key, job.eTag);
  if (part.kind === 'thumbnails') return renderThumbnails(deps, job, input, workDir);
  if (part.kind === 'audio') return renderAudio(deps, job, input, part.bitrates, workDir);
  const watermark = await fetchWatermark(deps, workDir);
  const encode = { input: input.url, inputHeaders: input.headers, renditions: part.renditions, hasAudio: job.source?.hasAudio ?? false };
  const run = { ...encode, ...(watermark ? { watermark } : {}), ...(part.chunk ? { chunk: part.chunk } : {}) };
  if (part.chunk) return renderChunk(deps, job, run, part.chunk, workDir);
  const renditions = deps.settings.packaging === 'hls' ? await renderHls(deps, job, run, workDir) : await renderMp4(deps, job, run, workDir);
  return { kind: 'renditions', renditions };
}

interface HlsMade {
  dir: string;
  segments: Array<{ uri: string; durationSeconds: number; bytes: number }>;
}

/** One ffmpeg run writing an HLS output per folder (`folders`, relative to workDir) into scratch; what each holds. */
async function encodeHls(deps: MediaDeps, workDir: string, folders: string[], segmentPattern: string, args: (outs: HlsOutput[]) => string[]) {
  const dirs = folders.map((f) => path.join(workDir, 'hls', f));
  await Promise.all(dirs.map((dir) => fs.mkdir(dir, { recursive: true })));
  const outs = dirs.map((dir) => ({
    segmentSeconds: deps.settings.segmentSeconds,
    playlistFile: path.join(dir, PLAYLIST_FILE),
    segmentPattern: path.join(dir, segmentPattern),
  }));
  await runFfmpeg(args(outs));
  const made: HlsMade[] = [];
  for (const [i, dir] of dirs.entries()) {
    const segments = parseMediaPlaylist(await fs.readFile(outs[i].playlistFile, 'utf8'));
    if (segments.length === 0) throw new Error(`ffmpeg wrote no segments for ${folders[i]}`);
    made.push({ dir, segments: await Promise.all(segments.map(async (s) => ({ ...s, bytes: (await fs.stat(path.join(dir, s.uri))).size }))) });
  }
  return made;
}

/**
 * A part's segments, each checked to be named as the playlist written at finalize will list it (the pattern ffmpeg
 * was given, numbered from 0); no playlist here.
 */
async function uploadSegments(deps: MediaDeps, made: HlsMade, expected: (n: number) => string, key: (file: string) => string): Promise<void> {
  made.segments.forEach((s, n) => {
    if (s.uri !== expected(n)) throw new Error(`ffmpeg wrote ${s.uri} where ${expected(n)} was expected`);
  });
  for (const s of made.segments) await upload(deps.output, key(s.uri), path.join(made.dir, s.uri));
}

/**
 * One ffmpeg run for the part's renditions (one decode) into segments named by `names` (the job's version:
 * segment-names.ts), then each rendition measured and its segments uploaded; no playlist (finalize writes them).
 */
async function encodeRenditions(
  deps: MediaDeps,
  job: Job,
  run: RenditionJob,
  workDir: string,
  names: { pattern: string; file: (n: number) => string },
) {
  const made = await encodeHls(
    deps,
    workDir,
    run.renditions.map((r) => r.name),
    names.pattern,
    (outs) => hlsRenditionArgs(run, outs),
  );
  await assertSourceUnchanged(deps.source, job.key, job.eTag);
  const encoded = [];
  for (const [i, rendition] of run.renditions.entries()) {
    const measured = await probe(path.join(made[i].dir, made[i].segments[0].uri));
    const key = (file: string) => outputKey(deps.settings, job.key, rendition.name, file);
    await uploadSegments(deps, made[i], names.file, key);
    encoded.push({ rendition, segments: made[i].segments, measured, key });
  }
  return encoded;
}

/** A whole-source part: its renditions, each playlist to be written at finalize, so what plays changes only then. */
async function renderHls(deps: MediaDeps, job: Job, run: RenditionJob, workDir: string): Promise<RenditionResult[]> {
  const tag = versionTag(job);
  const encoded = await encodeRenditions(deps, job, run, workDir, { pattern: segmentPattern(tag), file: (n) => segmentFile(tag, n) });
  return encoded.map(({ rendition: r, segments, measured, key }): RenditionResult => {
    const bandwidth = measureBandwidth(segments);
    return {
      kind: 'rendition',
      name: r.name,
      width: measured.width,
      height: measured.height,
      bandwidth: bandwidth.peak,
      averageBandwidth: bandwidth.average,
      codecs: codecsString(measured.videoProfile, measured.videoLevel, run.hasAudio),
      durationSeconds: playlistSeconds(segments),
      key: key(playlistFile(tag)),
      segmentCount: segments.length,
      firstSegmentKeys: segments.slice(0, FIRST_SEGMENTS_KEPT).map((s) => key(s.uri)),
      segments: segments.map((s): ChunkSegment => [s.durationSeconds, s.bytes]),
    };
  });
}

/**
 * One chunk of the part's renditions: its segments uploaded beside where each rendition's playlist will be, named by
 * the chunk (chunkSegmentFile), and measured; the playlists are stitched when every chunk is done (finalize.ts).
 */
async function renderChunk(deps: MediaDeps, job: Job, run: RenditionJob, chunk: Chunk, workDir: string): Promise<ChunkResult> {
  const tag = versionTag(job);
  const names = { pattern: chunkSegmentPattern(tag, chunk.index), file: (n: number) => chunkSegmentFile(tag, chunk.index, n) };
  const encoded = await encodeRenditions(deps, job, run, workDir, names);
  const renditions = encoded.map(
    ({ rendition: r, segments, measured, key }): ChunkRendition => ({
      name: r.name,
      width: measured.width,
      height: measured.height,
      videoCodec: codecsString(measured.videoProfile, measured.videoLevel, false),
      key: key(playlistFile(tag)),
      segments: segments.map((s): ChunkSegment => [s.durationSeconds, s.bytes]),
    }),
  );
  return { kind: 'chunk', chunk: chunk.index, renditions };
}

/**
 * A chunked job's audio: the whole source's audio, one HLS track per bitrate, from one decode; its segments uploaded,
 * its playlists written at finalize with the renditions' (chunks.ts audioPlaylists).
 */
async function renderAudio(deps: MediaDeps, job: Job, input: ReadableVersion, bitrates: number[], workDir: string): Promise<AudioResult> {
  const folders = bitrates.map(audioFolder);
  const tag = versionTag(job);
  const made = await encodeHls(deps, workDir, folders, segmentPattern(tag), (outs) =>
    audioTrackArgs(
      input.url,
      input.headers,
      bitrates.map((bitrate, i) => ({ bitrate, out: outs[i] })),
    ),
  );
  await assertSourceUnchanged(deps.source, job.key, job.eTag);
  const tracks: AudioTrack[] = [];
  for (const [i, bitrate] of bitrates.entries()) {
    const key = (file: string) => outputKey(deps.settings, job.key, folders[i], file);
    const { segments } = made[i];
    await uploadSegments(deps, made[i], (n) => segmentFile(tag, n), key);
    const bandwidth = measureBandwidth(segments);
    tracks.push({
      bitrate,
      group: audioGroup(bitrate),
      key: key(playlistFile(tag)),
      segments: segments.map((s): ChunkSegment => [s.durationSeconds, s.bytes]),
      bandwidth: bandwidth.peak,
      averageBandwidth: bandwidth.average,
      durationSeconds: playlistSeconds(segments),
      segmentCount: segments.length,
      firstSegmentKeys: segments.slice(0, FIRST_SEGMENTS_KEPT).map((s) => key(s.uri)),
    });
  }
  return { kind: 'audio', tracks };
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
