/**
 * The transcoder's ffmpeg run for one part: one rendition, or several from one decode of the source (a part of the
 * `cost` or `balanced` layouts, part-layout.ts), each with the shared encoders (runtime/shared/ffmpeg/args) and
 * packaged as HLS or as MP4. One rendition gives exactly the graph and arguments it always had. A chunk of a long
 * source (chunks.ts) is read from its key frame for its length, without audio, its timestamps shifted to its place in
 * the whole; the audio of a chunked job is its own run (audioTrackArgs).
 */
import { aacArgs, inputArgs, QUIET_ARGS, videoFilterGraph, videoFilterGraphs, x264Args, type Overlay } from '../shared/ffmpeg/args';
import { CHUNK_TIMELINE_OFFSET_SECONDS, type Chunk } from './chunks';
import type { Rendition } from './ladder';

export interface WatermarkInput extends Overlay {
  /** Local path of the PNG. */
  file: string;
}

export interface RenditionJob {
  /** File path or URL ffmpeg reads. */
  input: string;
  /** HTTP headers every read of `input` sends (If-Match: the planned version only). */
  inputHeaders?: Readonly<Record<string, string>>;
  /** The renditions this run makes, from one decode. */
  renditions: readonly Rendition[];
  hasAudio: boolean;
  watermark?: WatermarkInput;
  /** Only this stretch of the source, video only (its audio is the job's audio part). */
  chunk?: Chunk;
}

export interface HlsOutput {
  segmentSeconds: number;
  /** Path of the rendition playlist. */
  playlistFile: string;
  /** printf pattern of segment files, e.g. `/tmp/x/segment_%05d.ts`. */
  segmentPattern: string;
}

/** One HLS output per rendition, in the order of `job.renditions`. */
export function hlsRenditionArgs(job: RenditionJob, outs: readonly HlsOutput[]): string[] {
  return withOutputs(job, outs.length, (i) => hlsMuxerArgs(outs[i]));
}

/** A VOD HLS output: segments of `segmentSeconds` named by the pattern, then the playlist (the output's last argument). */
function hlsMuxerArgs(out: HlsOutput): string[] {
  return [
    '-f', 'hls',
    '-hls_time', String(out.segmentSeconds),
    '-hls_playlist_type', 'vod',
    '-hls_segment_filename', out.segmentPattern,
    out.playlistFile,
  ];
}

/** One MP4 file per rendition; faststart moves the index to the front, so players start before the whole file arrives. */
export function mp4RenditionArgs(job: RenditionJob, outputFiles: readonly string[]): string[] {
  return withOutputs(job, outputFiles.length, (i) => ['-movflags', '+faststart', '-f', 'mp4', outputFiles[i]]);
}

/** The audio tracks of a chunked job: the whole source's audio once, one AAC HLS output per bitrate. */
export function audioTrackArgs(
  input: string,
  inputHeaders: Readonly<Record<string, string>> | undefined,
  tracks: ReadonlyArray<{ bitrate: number; out: HlsOutput }>,
): string[] {
  if (tracks.length === 0) throw new Error('at least one audio track');
  const args = [...QUIET_ARGS, ...inputArgs(input, inputHeaders)];
  for (const { bitrate, out } of tracks) args.push('-map', '0:a:0', ...aacArgs(bitrate), ...timelineArgs(0), ...hlsMuxerArgs(out));
  return args;
}

function withOutputs(job: RenditionJob, outputs: number, muxer: (i: number) => string[]): string[] {
  const { input, inputHeaders, renditions, hasAudio, watermark, chunk } = job;
  if (renditions.length === 0 || outputs !== renditions.length) {
    throw new Error(`one output per rendition: ${renditions.length} renditions, ${outputs} outputs`);
  }
  // -loop 1 is not needed for the watermark: overlay keeps repeating the last (only) frame of the PNG.
  const args = [...QUIET_ARGS, ...(chunk ? seekArgs(chunk) : []), ...inputArgs(input, inputHeaders), ...(watermark ? ['-i', watermark.file] : [])];
  const single = renditions.length === 1;
  args.push('-filter_complex', single ? videoFilterGraph(renditions[0], watermark) : videoFilterGraphs(renditions, watermark));
  renditions.forEach((rendition, i) => {
    args.push('-map', single ? '[v]' : `[v${i}]`, ...x264Args(rendition));
    if (hasAudio && !chunk) args.push('-map', '0:a:0', ...aacArgs(rendition.audioBitrate));
    if (chunk) args.push(...timelineArgs(chunk.startMicros));
    args.push(...muxer(i));
  });
  return args;
}

/**
 * Input options reading the chunk alone: `-ss` before `-i` seeks to the key frame at or before it (the chunk starts on
 * one, so exactly there) and drops decoded frames before it; `-t` ends the read where the next chunk starts
 * (https://ffmpeg.org/ffmpeg.html#Main-options). Exact microseconds, as ffmpeg parses them.
 */
function seekArgs(chunk: Chunk): string[] {
  const args = ['-ss', seconds(chunk.startMicros)];
  if (chunk.endMicros !== undefined) args.push('-t', seconds(chunk.endMicros - chunk.startMicros));
  return args;
}

/** Output timestamps from the chunk's place in the whole, plus the offset every output of a chunked job has (chunks.ts). */
function timelineArgs(startMicros: number): string[] {
  return ['-output_ts_offset', seconds(startMicros + CHUNK_TIMELINE_OFFSET_SECONDS * 1e6)];
}

const seconds = (micros: number) => (micros / 1e6).toFixed(6);
