/**
 * The transcoder's ffmpeg runs for one rendition: the shared encoders (runtime/shared/ffmpeg/args)
 * packaged as HLS or as MP4.
 */
import { aacArgs, inputArgs, QUIET_ARGS, videoFilterGraph, x264Args, type Overlay } from '../shared/ffmpeg/args';
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
  rendition: Rendition;
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

export function hlsRenditionArgs(job: RenditionJob, out: HlsOutput): string[] {
  return [
    ...encodeArgs(job),
    '-f', 'hls',
    '-hls_time', String(out.segmentSeconds),
    '-hls_playlist_type', 'vod',
    '-hls_segment_filename', out.segmentPattern,
    out.playlistFile,
  ];
}

export function mp4RenditionArgs(job: RenditionJob, outputFile: string): string[] {
  // faststart moves the index to the front, so players start before the whole file arrives.
  return [...encodeArgs(job), '-movflags', '+faststart', '-f', 'mp4', outputFile];
}

function encodeArgs({ input, inputHeaders, rendition, hasAudio, watermark }: RenditionJob): string[] {
  // -loop 1 is not needed for the watermark: overlay keeps repeating the last (only) frame of the PNG.
  const args = [...QUIET_ARGS, ...inputArgs(input, inputHeaders), ...(watermark ? ['-i', watermark.file] : [])];
  args.push('-filter_complex', videoFilterGraph(rendition, watermark), '-map', '[v]', ...x264Args(rendition));
  if (hasAudio) args.push('-map', '0:a:0', ...aacArgs(rendition.audioBitrate));
  return args;
}
