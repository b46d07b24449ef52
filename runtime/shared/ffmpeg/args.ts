/**
 * ffmpeg argument builders shared by the media patterns, as pure functions testable without
 * ffmpeg. Video is H.264 (libx264) with a fixed 2 s GOP and scene-cut detection off, so key
 * frames fall on the same instants in every output and HLS segments align across renditions.
 */

export const GOP_SECONDS = 2;
/** veryfast: ~1.5x realtime for a 3-rung 1080p ladder on 2 vCPU (measured here: 20 s of 1080p30 to 1080p/720p/360p in 13.3 s). */
export const X264_PRESET = 'veryfast';
/** Peak allowance over the target bitrate, and the VBV buffer: Apple asks peak ≤ 200% of average. */
export const MAXRATE_FACTOR = 1.1;
export const BUFSIZE_FACTOR = 2;

/** Every run: no banner, no stdin, overwrite outputs, errors only (progress would fill stderr). */
export const QUIET_ARGS: readonly string[] = ['-hide_banner', '-nostdin', '-y', '-v', 'error'];

export type Corner = 'top-left' | 'top-right' | 'bottom-left' | 'bottom-right';

/** A picture output: its displayed size (even), frame rate and video bitrate in kb/s. */
export interface VideoTarget {
  width: number;
  height: number;
  fps: number;
  videoBitrate: number;
}

/** An overlay (input 1 of the graph) in a corner, scaled to a fraction of the output width. */
export interface Overlay {
  position: Corner;
  marginPx: number;
  widthFraction: number;
}

/** Frame rate, size and square pixels; ffmpeg has already turned rotated inputs upright. */
export function scaleFilter(target: Pick<VideoTarget, 'width' | 'height' | 'fps'>): string {
  return `fps=${target.fps},scale=${target.width}:${target.height},setsar=1`;
}

/** The video filter graph from input 0, ending in the label [v], with the overlay when given. */
export function videoFilterGraph(target: Pick<VideoTarget, 'width' | 'height' | 'fps'>, overlay?: Overlay): string {
  const base = `[0:v]${scaleFilter(target)}`;
  if (!overlay) return `${base},format=yuv420p[v]`;
  const markWidth = Math.max(2, 2 * Math.round((target.width * overlay.widthFraction) / 2));
  return (
    `${base}[base];[1:v]scale=${markWidth}:-2[mark];` +
    `[base][mark]overlay=${overlayPosition(overlay.position, overlay.marginPx)},format=yuv420p[v]`
  );
}

/**
 * One decode of input 0 for several outputs: `split` into one branch per target, each the same chain as
 * videoFilterGraph (fps, scale, square pixels, the overlay scaled to that output, yuv420p), ending in [v0], [v1], …
 * The frames each branch encodes are the ones a graph of its own would give: only the decode is shared.
 */
export function videoFilterGraphs(targets: ReadonlyArray<Pick<VideoTarget, 'width' | 'height' | 'fps'>>, overlay?: Overlay): string {
  const n = targets.length;
  const labels = (prefix: string) => targets.map((_, i) => `[${prefix}${i}]`).join('');
  const chains = [`[0:v]split=${n}${labels('s')}`];
  if (overlay) chains.push(`[1:v]split=${n}${labels('m')}`);
  targets.forEach((target, i) => {
    const base = `[s${i}]${scaleFilter(target)}`;
    if (!overlay) {
      chains.push(`${base},format=yuv420p[v${i}]`);
      return;
    }
    const markWidth = Math.max(2, 2 * Math.round((target.width * overlay.widthFraction) / 2));
    chains.push(`${base}[base${i}]`, `[m${i}]scale=${markWidth}:-2[mark${i}]`);
    chains.push(`[base${i}][mark${i}]overlay=${overlayPosition(overlay.position, overlay.marginPx)},format=yuv420p[v${i}]`);
  });
  return chains.join(';');
}

/** overlay's x:y; W/H are the video's size, w/h the overlay's. */
export function overlayPosition(position: Corner, margin: number): string {
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

/** libx264 at the target bitrate with a VBV cap and key frames every GOP_SECONDS exactly. */
export function x264Args(target: Pick<VideoTarget, 'fps' | 'videoBitrate'>): string[] {
  const gop = Math.max(1, Math.round(target.fps * GOP_SECONDS));
  return [
    '-c:v', 'libx264',
    '-preset', X264_PRESET,
    '-profile:v', 'high',
    '-b:v', `${target.videoBitrate}k`,
    '-maxrate', `${Math.round(target.videoBitrate * MAXRATE_FACTOR)}k`,
    '-bufsize', `${Math.round(target.videoBitrate * BUFSIZE_FACTOR)}k`,
    '-g', String(gop),
    '-keyint_min', String(gop),
    '-sc_threshold', '0',
    // Time-based as well, so key frames stay on the grid even if a source's timestamps wander.
    '-force_key_frames', `expr:gte(t,n_forced*${GOP_SECONDS})`,
  ];
}

/** AAC-LC stereo at 48 kHz, `bitrate` kb/s. */
export function aacArgs(bitrate: number): string[] {
  return ['-c:a', 'aac', '-b:a', `${bitrate}k`, '-ac', '2', '-ar', '48000'];
}

/** Where thumbnail i of `count` is taken: the middles of `count` equal slices of the video. */
export function thumbnailTimes(durationSeconds: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => round3((durationSeconds * (i + 0.5)) / count));
}

/**
 * One ffmpeg run, one input per thumbnail with its own `-ss` before `-i` (a fast key-frame seek),
 * one JPEG output each, `width` wide with the height following the displayed aspect ratio (even).
 */
export function thumbnailArgs(
  input: string,
  times: readonly number[],
  width: number,
  outputFiles: readonly string[],
  inputHeaders: Readonly<Record<string, string>> = {},
): string[] {
  if (times.length !== outputFiles.length) throw new Error('one output file per thumbnail time');
  const args = [...QUIET_ARGS];
  for (const t of times) args.push('-ss', String(t), ...inputArgs(input, inputHeaders));
  outputFiles.forEach((file, i) => {
    args.push('-map', `${i}:v:0`, '-frames:v', '1', '-vf', `scale=${width}:-2`, '-q:v', '3', '-f', 'image2', file);
  });
  return args;
}

/**
 * `-i input`, after the HTTP headers every read of it must send (If-Match pins a version): the http protocol's
 * `headers` option, CRLF-separated lines (https://ffmpeg.org/ffmpeg-protocols.html#http). None for a local file.
 */
export function inputArgs(input: string, headers: Readonly<Record<string, string>> = {}): string[] {
  return [...headerArgs(headers), '-i', input];
}

/** The `-headers` option alone (ffprobe takes its input without `-i`). */
export function headerArgs(headers: Readonly<Record<string, string>>): string[] {
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
  return lines.length > 0 ? ['-headers', lines.join('')] : [];
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
