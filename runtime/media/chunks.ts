/**
 * Long sources in parallel (issue 11). A job whose source is longer than `chunking.minSourceSeconds` (HLS only) is cut
 * into chunks at the source's key frames; each chunk of each part's renditions is a part of its own (`1080p@3`), so
 * the job waits for one chunk of its largest rendition instead of the whole source. The source's audio is one part
 * (`audio`), never cut: a chunk's video has no audio, and every rendition plays the audio track its rung's bitrate
 * names (an HLS audio rendition, EXT-X-MEDIA), so there is no join in the audio at all.
 *
 * Joins without re-encoding: a chunk starts at a source key frame (the planner asks ffprobe for the key frame at or
 * before each wanted cut), so its decode starts exactly there and wastes nothing; its encode starts with an IDR
 * frame; it ends where the next chunk starts, and its timestamps are shifted by its start (`-output_ts_offset`), so
 * the stitched rendition playlist is the chunks' segments in order with continuous timestamps. Every output is
 * shifted by CHUNK_TIMELINE_OFFSET_SECONDS as well, audio included, so no chunk's first timestamps are negative (the
 * muxer would move a chunk that were, and the chunks would overlap).
 */
import type { ProbeResult } from '../shared/ffmpeg';
import { measureBandwidth, mediaPlaylist, playlistSeconds } from './hls-playlist';
import type { Job, Part, RenditionResult } from './jobs';
import type { Rendition } from './ladder';
import { FIRST_SEGMENTS_KEPT, folderOf } from './outputs';
import { chunkSegmentFile, segmentFile, versionTag } from './segment-names';
import type { Chunking, MediaSettings } from './settings';

/**
 * At most this many chunks: a longer source gets longer chunks. Bounds a job's parts (10 rungs × 32 + 2) and so its
 * row (3 columns per part, each written by its own request: Table Store takes 1,024 columns per request,
 * ros-facts.md "Limits").
 */
export const MAX_CHUNKS = 32;

/** Added to every output timestamp of a chunked job: more than any encoder delay (two B-frames at 0.5 fps). */
export const CHUNK_TIMELINE_OFFSET_SECONDS = 10;

/** A stretch of the source rendered on its own: from a key frame, in microseconds from the source's start. */
export interface Chunk {
  index: number;
  startMicros: number;
  /** Where the next chunk starts; absent for the last, which runs to the end of the source. */
  endMicros?: number;
}

/**
 * The chunks of a source, or none when it is not to be cut: too short, MP4 packaging (one file per rendition), or no
 * key frame where a cut is wanted. Cuts are wanted every chunkStep seconds, each moved to the key frame at or before
 * it (`keyframeAtOrBefore`: microseconds from the source's start); a cut closer than half a step to the previous one
 * or to the end is dropped.
 */
export async function planChunks(
  settings: Pick<MediaSettings, 'chunking' | 'packaging' | 'segmentSeconds'>,
  source: Pick<ProbeResult, 'durationSeconds'>,
  keyframeAtOrBefore: (seconds: readonly number[]) => Promise<number[]>,
): Promise<Chunk[]> {
  const step = chunkStep(settings, source.durationSeconds);
  const targets = step === undefined ? [] : targetsEvery(step, source.durationSeconds);
  if (step === undefined || targets.length === 0) return [];
  const minGap = (step / 2) * 1e6;
  const end = source.durationSeconds * 1e6;
  const cuts: number[] = [];
  for (const k of [...new Set(await keyframeAtOrBefore(targets))].sort((a, b) => a - b)) {
    if (k - (cuts.at(-1) ?? 0) >= minGap && end - k >= minGap) cuts.push(k);
  }
  if (cuts.length === 0) return [];
  const starts = [0, ...cuts];
  return starts.map((startMicros, index) => ({ index, startMicros, ...(index < cuts.length ? { endMicros: starts[index + 1] } : {}) }));
}

/**
 * How far apart cuts are wanted: `chunkSeconds` rounded to whole HLS segments (a source whose key frames fall on the
 * segment grid then gives equal chunks of whole segments), longer when that would make more than MAX_CHUNKS;
 * undefined when the source is not to be cut.
 */
export function chunkStep(settings: Pick<MediaSettings, 'chunking' | 'packaging' | 'segmentSeconds'>, durationSeconds: number): number | undefined {
  const chunking: Chunking | undefined = settings.chunking;
  if (!chunking || settings.packaging !== 'hls' || !(durationSeconds > chunking.minSourceSeconds)) return undefined;
  const segment = settings.segmentSeconds;
  const step = Math.max(segment, Math.round(chunking.chunkSeconds / segment) * segment);
  return durationSeconds / step > MAX_CHUNKS ? Math.ceil(durationSeconds / MAX_CHUNKS / segment) * segment : step;
}

/** Where cuts are wanted, in seconds from the source's start: every step, the last chunk from half a step to 1.5 steps. */
export function chunkTargets(settings: Pick<MediaSettings, 'chunking' | 'packaging' | 'segmentSeconds'>, durationSeconds: number): number[] {
  const step = chunkStep(settings, durationSeconds);
  return step === undefined ? [] : targetsEvery(step, durationSeconds);
}

function targetsEvery(step: number, durationSeconds: number): number[] {
  const targets: number[] = [];
  for (let t = step; t <= durationSeconds - step / 2; t += step) targets.push(t);
  return targets;
}

/** A chunk part's name: its renditions' part name and the chunk, e.g. `1080p@3` or `540p+360p@0`. */
export const chunkPartName = (renditionsName: string, chunk: Pick<Chunk, 'index'>) => `${renditionsName}@${chunk.index}`;

/** The HLS audio group of a rung's audio bitrate, and the folder its track is written to (`audio/128k/`). */
export const audioGroup = (bitrate: number) => `aac-${bitrate}k`;
export const audioFolder = (bitrate: number) => `audio/${bitrate}k`;

/** The audio bitrates a chunked job's audio part makes: one track per distinct rung bitrate, highest first. */
export function audioBitrates(renditions: readonly Pick<Rendition, 'audioBitrate'>[]): number[] {
  return [...new Set(renditions.map((r) => r.audioBitrate))].sort((a, b) => b - a);
}

/** One segment a chunk made: [duration in seconds, bytes] (its file name follows from chunk and position). */
export type ChunkSegment = [durationSeconds: number, bytes: number];

/** What a chunk part made of one rendition; its playlist is written when the job is finalized (stitchRenditions). */
export interface ChunkRendition {
  name: string;
  width: number;
  height: number;
  /** RFC 6381 video codec, e.g. `avc1.64001f` (the audio is the track's). */
  videoCodec: string;
  /** The rendition playlist the stitch writes; the segments sit beside it. */
  key: string;
  segments: ChunkSegment[];
}

/** One HLS audio track of a chunked job: the whole source's audio at one bitrate, its own playlist (written at finalize). */
export interface AudioTrack {
  bitrate: number;
  group: string;
  /** The track's playlist; its segments (segmentFile) sit beside it. */
  key: string;
  segments: ChunkSegment[];
  bandwidth: number;
  averageBandwidth: number;
  durationSeconds: number;
  segmentCount: number;
  firstSegmentKeys: string[];
}

/** A stitched rendition: what the manifest says of it, and its playlist. */
export interface StitchedRendition {
  result: RenditionResult;
  playlist: string;
}

/**
 * The renditions of a chunked job, each its chunks' segments in chunk order (empty for a job that is not chunked, or
 * before every chunk is done). Bandwidths are the variant's: the video's (peak over its segments) plus its audio
 * track's, as HLS's BANDWIDTH counts the rendition group it plays with.
 */
export function stitchRenditions(job: Pick<Job, 'jobId' | 'claimedBy' | 'plan' | 'parts'>): StitchedRendition[] {
  const plan = job.plan ?? [];
  const tag = versionTag(job);
  const tracks = audioTracks(job);
  const byName = new Map<string, { rendition: Rendition; chunks: Array<{ chunk: Chunk; made: ChunkRendition }> }>();
  plan.forEach((part: Part, i) => {
    const result = job.parts[i]?.result;
    if (part.kind !== 'renditions' || !part.chunk || result?.kind !== 'chunk') return;
    for (const made of result.renditions) {
      const rendition = part.renditions.find((r) => r.name === made.name);
      if (!rendition) continue;
      const entry = byName.get(made.name) ?? { rendition, chunks: [] };
      entry.chunks.push({ chunk: part.chunk, made });
      byName.set(made.name, entry);
    }
  });
  return [...byName.values()].map(({ rendition, chunks }) => {
    chunks.sort((a, b) => a.chunk.index - b.chunk.index);
    const first = chunks[0].made;
    const folder = folderOf(first.key);
    const segments = chunks.flatMap(({ chunk, made }) =>
      withinChunk(chunk, made.segments).map(([durationSeconds, bytes], i) => ({
        uri: chunkSegmentFile(tag, chunk.index, i),
        durationSeconds,
        bytes,
      })),
    );
    const track = tracks.find((t) => t.bitrate === rendition.audioBitrate);
    const video = measureBandwidth(segments);
    const result: RenditionResult = {
      kind: 'rendition',
      name: rendition.name,
      width: first.width,
      height: first.height,
      bandwidth: video.peak + (track?.bandwidth ?? 0),
      averageBandwidth: video.average + (track?.averageBandwidth ?? 0),
      codecs: track ? `${first.videoCodec},mp4a.40.2` : first.videoCodec,
      durationSeconds: playlistSeconds(segments),
      key: first.key,
      segmentCount: segments.length,
      firstSegmentKeys: segments.slice(0, FIRST_SEGMENTS_KEPT).map((s) => folder + s.uri),
      ...(track ? { audioGroup: track.group } : {}),
    };
    return { result, playlist: mediaPlaylist(segments) };
  });
}

/**
 * A chunk's segments with their durations adding up to the chunk at most: a variable-frame-rate source's last frame
 * can run past the next chunk's first (measured: 8-17 ms), and the playlist would drift by that at every cut. The
 * last segment is shortened to the cut (microseconds, as the cut is).
 */
function withinChunk(chunk: Chunk, segments: readonly ChunkSegment[]): ChunkSegment[] {
  if (chunk.endMicros === undefined || segments.length === 0) return [...segments];
  const before = segments.slice(0, -1).reduce((sum, [d]) => sum + Math.round(d * 1e6), 0);
  const [lastSeconds, lastBytes] = segments[segments.length - 1];
  const room = chunk.endMicros - chunk.startMicros - before;
  return Math.round(lastSeconds * 1e6) > room && room > 0 ? [...segments.slice(0, -1), [room / 1e6, lastBytes]] : [...segments];
}

/** The audio tracks a chunked job's audio part made (none for other jobs). */
export function audioTracks(job: Pick<Job, 'parts'>): AudioTrack[] {
  return job.parts.flatMap((p) => (p.result?.kind === 'audio' ? p.result.tracks : []));
}

/** Each audio track's playlist, to write at finalize with the renditions'. */
export function audioPlaylists(job: Pick<Job, 'jobId' | 'claimedBy' | 'parts'>): Array<{ key: string; playlist: string }> {
  return audioTracks(job).map((t) => ({ key: t.key, playlist: versionedPlaylist(versionTag(job), t.segments) }));
}

/** The playlist of segments named segmentFile(tag, n), in order: a whole-source rendition's or an audio track's. */
export function versionedPlaylist(tag: string, segments: readonly ChunkSegment[]): string {
  return mediaPlaylist(segments.map(([durationSeconds], i) => ({ uri: segmentFile(tag, i), durationSeconds })));
}
