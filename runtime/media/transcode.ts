/**
 * ffmpeg argument lists, as pure functions: what the transcoder runs, testable without ffmpeg.
 * Every rendition is H.264 (libx264) + AAC with a fixed 2 s GOP and scene-cut detection off, so
 * key frames fall on the same instants in every rendition and HLS segments align across them.
 */
import type { WatermarkPosition } from './settings';
import type { Rendition } from './ladder';

export const GOP_SECONDS = 2;
/** veryfast: ~1.5x realtime for a 3-rung 1080p ladder on 2 vCPU (measured here: 20 s of 1080p30 to 1080p/720p/360p in 13.3 s). */
export const X264_PRESET = 'veryfast';
/** Peak allowance over the target bitrate, and the VBV buffer: Apple asks peak ≤ 200% of average. */
export const MAXRATE_FACTOR = 1.1;
export const BUFSIZE_FACTOR = 2;

export interface WatermarkInput {
  /** Local path of the PNG. */
  file: string;
  position: WatermarkPosition;
  marginPx: number;
  /** Watermark width as a fraction of the output width. */
  widthFraction: number;
}

export interface RenditionJob {
  /** File path or URL ffmpeg reads. */
  input: string;
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
    ...commonHead(job),
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
  return [...commonHead(job), ...encodeArgs(job), '-movflags', '+faststart', '-f', 'mp4', outputFile];
}

/** Where thumbnail i of `count` is taken: the middles of `count` equal slices of the video. */
export function thumbnailTimes(durationSeconds: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => round3((durationSeconds * (i + 0.5)) / count));
}

/**
 * One ffmpeg run, one input per thumbnail with its own `-ss` before `-i` (a fast key-frame seek),
 * one JPEG output each, `width` wide with the height following the aspect ratio (even).
 */
export function thumbnailArgs(input: string, times: readonly number[], width: number, outputFiles: readonly string[]): string[] {
  if (times.length !== outputFiles.length) throw new Error('one output file per thumbnail time');
  const args = ['-hide_banner', '-nostdin', '-y', '-v', 'error'];
  for (const t of times) args.push('-ss', String(t), '-i', input);
  outputFiles.forEach((file, i) => {
    args.push('-map', `${i}:v:0`, '-frames:v', '1', '-vf', `scale=${width}:-2`, '-q:v', '3', '-f', 'image2', file);
  });
  return args;
}

/**
 * The video filter graph, ending in the label [v]: frame rate, size, square pixels, and, with a
 * watermark, the PNG (input 1) scaled to widthFraction of the output width and overlaid.
 */
export function videoFilterGraph(rendition: Rendition, watermark?: Omit<WatermarkInput, 'file'>): string {
  const base = `[0:v]fps=${rendition.fps},scale=${rendition.width}:${rendition.height},setsar=1`;
  if (!watermark) return `${base},format=yuv420p[v]`;
  const markWidth = Math.max(2, 2 * Math.round((rendition.width * watermark.widthFraction) / 2));
  return (
    `${base}[base];[1:v]scale=${markWidth}:-2[mark];` +
    `[base][mark]overlay=${overlayPosition(watermark.position, watermark.marginPx)},format=yuv420p[v]`
  );
}

/** overlay's x:y; W/H are the video's size, w/h the watermark's. */
export function overlayPosition(position: WatermarkPosition, margin: number): string {
  const m = Math.max(0, Math.round(margin));
  switch (position) {
    case 'top-left':
      return `x=${m}:y=${m}`;
    case 'top-right':
      return `x=W-w-${m}:y=${m}`;
    case 'bottom-left':
      return `x=${m}:y=H-h-${m}`;
    case 'bottom-right':
      return `x=W-w-${m}:y=H-h-${m}`;
  }
}

function commonHead(job: RenditionJob): string[] {
  const args = ['-hide_banner', '-nostdin', '-y', '-v', 'error', '-i', job.input];
  // -loop 1 is not needed: overlay keeps repeating the last (only) frame of the PNG.
  if (job.watermark) args.push('-i', job.watermark.file);
  return args;
}

function encodeArgs(job: RenditionJob): string[] {
  const { rendition: r } = job;
  const gop = Math.max(1, Math.round(r.fps * GOP_SECONDS));
  const args = [
    '-filter_complex', videoFilterGraph(r, job.watermark),
    '-map', '[v]',
    '-c:v', 'libx264',
    '-preset', X264_PRESET,
    '-profile:v', 'high',
    '-b:v', `${r.videoBitrate}k`,
    '-maxrate', `${Math.round(r.videoBitrate * MAXRATE_FACTOR)}k`,
    '-bufsize', `${Math.round(r.videoBitrate * BUFSIZE_FACTOR)}k`,
    '-g', String(gop),
    '-keyint_min', String(gop),
    '-sc_threshold', '0',
    // Time-based as well, so key frames stay on the 2 s grid even if a source's timestamps wander.
    '-force_key_frames', `expr:gte(t,n_forced*${GOP_SECONDS})`,
  ];
  if (job.hasAudio) {
    args.push('-map', '0:a:0', '-c:a', 'aac', '-b:a', `${r.audioBitrate}k`, '-ac', '2', '-ar', '48000');
  }
  return args;
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
