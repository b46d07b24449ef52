/**
 * Which renditions to make of one source. Rules, kept simple on purpose:
 * - a rung names the output's shorter side (its height in landscape, its width in portrait), so a
 *   720x1280 phone video with a 720p rung gives 720x1280; sizes are the displayed ones (ProbeResult);
 * - never upscale: rungs above the source's shorter side are dropped; if none fits, one rung at
 *   that side (even) with the lowest rung's bitrates, named `<side>p`;
 * - the longer side follows the source aspect ratio, rounded to an even number (x264 with yuv420p needs it);
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
  const portrait = source.height > source.width;
  const shorter = Math.min(source.width, source.height);
  const longer = Math.max(source.width, source.height);
  // Rounded down: rounding 181 up to 182 would upscale.
  const shorterEven = Math.max(2, 2 * Math.floor(shorter / 2));
  const fitting = ladder.filter((rung) => rung.height <= shorter);
  const rungs = fitting.length > 0 ? fitting : [fallbackRung(ladder, shorterEven)];
  return [...rungs]
    .sort((a, b) => b.height - a.height)
    .map((rung) => {
      const short = Math.min(even(rung.height), shorterEven);
      const long = even((short * longer) / shorter);
      return {
        name: rung.name,
        width: portrait ? short : long,
        height: portrait ? long : short,
        fps: round3(fps),
        videoBitrate: rung.videoBitrate,
        audioBitrate: rung.audioBitrate,
      };
    });
}

function fallbackRung(ladder: readonly Rung[], side: number): Rung {
  const lowest = ladder.reduce((low, rung) => (rung.height < low.height ? rung : low));
  return { name: `${side}p`, height: side, videoBitrate: lowest.videoBitrate, audioBitrate: lowest.audioBitrate };
}

/** Nearest even integer, at least 2. */
function even(value: number): number {
  return Math.max(2, 2 * Math.round(value / 2));
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
