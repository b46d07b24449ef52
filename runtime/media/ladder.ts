/**
 * Which renditions to make of one source. Rules, kept simple on purpose:
 * - never upscale: rungs taller than the source are dropped; if none fits, one rung at the source
 *   height (even) with the lowest rung's bitrates, named `<height>p`;
 * - width follows the source aspect ratio, rounded to an even number (x264 with yuv420p needs it);
 * - fps is the source's, capped at 30 (30 when ffprobe does not know it), the same for every
 *   rendition so key frames land on the same instants and segments align across renditions.
 */
import type { ProbeResult } from '../shared/ffmpeg';
import type { Rung } from './settings';

export const MAX_FPS = 30;

export interface Rendition {
  name: string;
  width: number;
  height: number;
  fps: number;
  /** kb/s */
  videoBitrate: number;
  /** kb/s */
  audioBitrate: number;
}

export function planRenditions(ladder: readonly Rung[], source: Pick<ProbeResult, 'width' | 'height' | 'fps'>): Rendition[] {
  if (ladder.length === 0) throw new Error('the ladder needs at least one rung');
  if (!(source.width > 0 && source.height > 0)) throw new Error(`source has no usable size (${source.width}x${source.height})`);
  const fps = source.fps > 0 ? Math.min(source.fps, MAX_FPS) : MAX_FPS;
  const fitting = ladder.filter((rung) => rung.height <= source.height);
  const rungs = fitting.length > 0 ? fitting : [fallbackRung(ladder, source.height)];
  return [...rungs]
    .sort((a, b) => b.height - a.height)
    .map((rung) => {
      const height = Math.min(even(rung.height), 2 * Math.floor(source.height / 2));
      return {
        name: rung.name,
        width: even((height * source.width) / source.height),
        height,
        fps: round3(fps),
        videoBitrate: rung.videoBitrate,
        audioBitrate: rung.audioBitrate,
      };
    });
}

function fallbackRung(ladder: readonly Rung[], sourceHeight: number): Rung {
  const lowest = ladder.reduce((low, rung) => (rung.height < low.height ? rung : low));
  // Rounded down: rounding 181 up to 182 would upscale.
  const height = Math.max(2, 2 * Math.floor(sourceHeight / 2));
  return { name: `${height}p`, height, videoBitrate: lowest.videoBitrate, audioBitrate: lowest.audioBitrate };
}

/** Nearest even integer, at least 2. */
function even(value: number): number {
  return Math.max(2, 2 * Math.round(value / 2));
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
