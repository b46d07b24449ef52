/**
 * The transcoder's ffmpeg run for one part: one rendition, or several from one decode of the source (a part of the
 * `cost` or `balanced` layouts, part-layout.ts), each with the shared encoders (runtime/shared/ffmpeg/args) and
 * packaged as HLS or as MP4. One rendition gives exactly the graph and arguments it always had.
 */
import { aacArgs, inputArgs, QUIET_ARGS, videoFilterGraph, videoFilterGraphs, x264Args, type Overlay } from '../shared/ffmpeg/args';
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
  return withOutputs(job, outs.length, (i) => [
    '-f', 'hls',
    '-hls_time', String(outs[i].segmentSeconds),
    '-hls_playlist_type', 'vod',
    '-hls_segment_filename', outs[i].segmentPattern,
    outs[i].playlistFile,
  ]);
}

/** One MP4 file per rendition; faststart moves the index to the front, so players start before the whole file arrives. */
export function mp4RenditionArgs(job: RenditionJob, outputFiles: readonly string[]): string[] {
  return withOutputs(job, outputFiles.length, (i) => ['-movflags', '+faststart', '-f', 'mp4', outputFiles[i]]);
}

function withOutputs(job: RenditionJob, outputs: number, muxer: (i: number) => string[]): string[] {
  const { input, inputHeaders, renditions, hasAudio, watermark } = job;
  if (renditions.length === 0 || outputs !== renditions.length) {
    throw new Error(`one output per rendition: ${renditions.length} renditions, ${outputs} outputs`);
  }
  // -loop 1 is not needed for the watermark: overlay keeps repeating the last (only) frame of the PNG.
  const args = [...QUIET_ARGS, ...inputArgs(input, inputHeaders), ...(watermark ? ['-i', watermark.file] : [])];
  const single = renditions.length === 1;
  args.push('-filter_complex', single ? videoFilterGraph(renditions[0], watermark) : videoFilterGraphs(renditions, watermark));
  renditions.forEach((rendition, i) => {
    args.push('-map', single ? '[v]' : `[v${i}]`, ...x264Args(rendition));
    if (hasAudio) args.push('-map', '0:a:0', ...aacArgs(rendition.audioBitrate));
    args.push(...muxer(i));
  });
  return args;
}
