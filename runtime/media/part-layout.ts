/**
 * How a job's renditions are grouped into transcoder parts: each part is one invocation that decodes the source once
 * and encodes its renditions from that decode (transcode.ts). Decoding is a real share of the CPU (the issue's
 * measurement: 1080p30 through the default ladder, 40.2 CPU-s one rendition per process against 28.7 s in one
 * process); waiting is set by the slowest part. Three layouts:
 * - `latency`: a part per rendition: the job takes as long as its largest rendition; every rendition decodes.
 * - `cost`: one part for all: one decode, the least CPU; the job takes as long as the whole ladder.
 * - `balanced`: the largest rendition alone, the others grouped (first fit, largest first) into parts whose estimated
 *   CPU stays within BALANCED_SLACK of the largest one's, so the job takes about as long as `latency` for fewer decodes.
 * The estimate is relative (pixels per frame, a decode counted at DECODE_WEIGHT of an encoded pixel), so it needs no
 * machine constants; `npm run bench -- "media layouts"` measures the layouts on real ffmpeg.
 */
import type { Rendition } from './ladder';
import type { PartLayout } from './settings';

/**
 * A decoded source pixel against an encoded output pixel (x264 veryfast), measured here on the bench's 6 s 1080p30
 * source with grain (2 vCPU): decoding it costs 3.3 CPU-s, encoding costs 4.8-7.2 CPU-s per output Mpx (about 6.3
 * at 720p-360p), so a source pixel decoded weighs 3.3 / 2.07 / 6.3 ≈ 0.25 of a pixel encoded.
 */
export const DECODE_WEIGHT = 0.25;

/**
 * How much of the largest part's estimate a group may use. Less than 1 because the estimate is optimistic for small
 * renditions: x264 spends more per pixel on them (7.2 CPU-s per Mpx at 234p, 4.8 at 1080p, same measurement), so a
 * group of small renditions estimated at the largest part's cost would outlast it (measured: 720p+540p+360p+234p
 * 8.2 s against 1080p's 7.0 s).
 */
export const BALANCED_SLACK = 0.8;

/** The relative CPU of one part decoding a `sourcePixels` source once and encoding `renditions`. */
export function partCost(sourcePixels: number, renditions: readonly Pick<Rendition, 'width' | 'height'>[]): number {
  return DECODE_WEIGHT * sourcePixels + renditions.reduce((sum, r) => sum + r.width * r.height, 0);
}

/** The renditions of each part, largest first within the job; every rendition in exactly one part. */
export function groupRenditions<R extends Pick<Rendition, 'width' | 'height'>>(
  renditions: readonly R[],
  layout: PartLayout,
  sourcePixels: number,
): R[][] {
  const bySize = [...renditions].sort((a, b) => b.width * b.height - a.width * a.height);
  if (bySize.length === 0) return [];
  if (layout === 'latency') return bySize.map((r) => [r]);
  if (layout === 'cost') return [bySize];
  const [largest, ...rest] = bySize;
  const budget = BALANCED_SLACK * partCost(sourcePixels, [largest]);
  const parts: R[][] = [[largest]];
  // First fit, largest first: a rendition joins the first group it fits in, or starts one.
  const groups: R[][] = [];
  for (const r of rest) {
    const fits = groups.find((g) => partCost(sourcePixels, [...g, r]) <= budget);
    if (fits) fits.push(r);
    else groups.push([r]);
  }
  return [...parts, ...groups];
}

/** A part's name: its renditions' names, e.g. `720p` or `540p+360p+234p` (the transcoder's event names it). */
export function partName(renditions: readonly Pick<Rendition, 'name'>[]): string {
  return renditions.map((r) => r.name).join('+');
}
