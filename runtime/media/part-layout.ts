/**
 * How a job's renditions are grouped into transcoder parts: each part is one invocation that decodes the source once
 * and encodes its renditions from that decode (transcode.ts). Decoding is a real share of the CPU (the issue's
 * measurement: 1080p30 through the default ladder, 40.2 CPU-s one rendition per process against 28.7 s in one
 * process); waiting is set by the slowest part. Three layouts:
 * - `latency`: a part per rendition: the job takes as long as its largest rendition; every rendition decodes.
 * - `cost`: one part for all: one decode, the least CPU; the job takes as long as the whole ladder.
 * - `balanced`: the largest rendition alone, the others grouped into as few parts as keep each part's estimated CPU
 *   within the largest one's, so the job takes about as long as `latency` for fewer decodes.
 * The estimate is relative (pixels per frame, a decode counted at DECODE_WEIGHT of an encode's pixel), so it needs no
 * machine constants; the bench measures the layouts on real ffmpeg.
 */
import type { Rendition } from './ladder';
import type { PartLayout } from './settings';

export const PART_LAYOUTS: readonly PartLayout[] = ['latency', 'balanced', 'cost'];

/**
 * A decoded source pixel against an encoded output pixel (x264 veryfast), from the same measurement: 4 extra decodes
 * of 2.07 Mpx cost ~11.5 CPU-s where the 3.84 Mpx of encodes cost ~25.8 s, so 2.9 / 2.07 ÷ 25.8 / 3.84 ≈ 0.2.
 */
export const DECODE_WEIGHT = 0.2;

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
  const budget = partCost(sourcePixels, [largest]);
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
