/** The layouts' grouping of renditions into parts, as pure decisions of the cost model (part-layout.ts). */
import { planRenditions } from '../../../runtime/media/ladder';
import { BALANCED_SLACK, DECODE_WEIGHT, groupRenditions, partCost, partName } from '../../../runtime/media/part-layout';
import { DEFAULT_LADDER } from '../../../constructs/media-pipeline/defaults';

const source1080 = { width: 1920, height: 1080, fps: 30 };
const ladder = planRenditions(DEFAULT_LADDER, source1080);
const names = (parts: Array<Array<{ name: string }>>) => parts.map(partName);
const px = source1080.width * source1080.height;

describe('grouping renditions into parts', () => {
  test('latency: a part per rendition, largest first', () => {
    expect(names(groupRenditions(ladder, 'latency', px))).toEqual(['1080p', '720p', '540p', '360p', '234p']);
  });

  test('cost: one part, one decode', () => {
    expect(names(groupRenditions(ladder, 'cost', px))).toEqual(['1080p+720p+540p+360p+234p']);
  });

  test('balanced: the largest alone, the rest first-fit into parts within the slack of it (1080p source, default ladder)', () => {
    const parts = groupRenditions(ladder, 'balanced', px);
    // Budget 0.8 × (0.25 × 2.07 + 2.07) = 2.07 Mpx: 720p+540p (1.96) takes 234p (2.06) but not 360p (2.19).
    expect(names(parts)).toEqual(['1080p', '720p+540p+234p', '360p']);
    for (const part of parts.slice(1)) expect(partCost(px, part)).toBeLessThanOrEqual(BALANCED_SLACK * partCost(px, parts[0]));
  });

  test('balanced: a group that would outlast the largest part starts another (a ladder of equal rungs)', () => {
    const equal = ['a', 'b', 'c', 'd'].map((name) => ({ name, width: 1280, height: 720 }));
    // Each part may cost one decode and one 720p encode: no two renditions fit together.
    expect(names(groupRenditions(equal, 'balanced', 1280 * 720))).toEqual(['a', 'b', 'c', 'd']);
    const mixed = [
      { name: '720p', width: 1280, height: 720 },
      { name: '540p', width: 960, height: 540 },
      { name: '360a', width: 640, height: 360 },
      { name: '360b', width: 640, height: 360 },
      { name: '234p', width: 416, height: 234 },
    ];
    // Budget: 0.8 × (a 1080p decode, 0.25 × 2.07 M, + 0.92 M) = 1.15 M. 540p (1.04 M with its decode) cannot take 360a
    // (1.27 M), which starts a part that takes 360b (0.98 M); 234p fits the first group that has room: 540p's (1.13 M).
    expect(names(groupRenditions(mixed, 'balanced', px))).toEqual(['720p', '540p+234p', '360a+360b']);
  });

  test('one rendition, or none, is the same in every layout', () => {
    for (const layout of ['latency', 'balanced', 'cost'] as const) {
      expect(names(groupRenditions(ladder.slice(-1), layout, px))).toEqual(['234p']);
      expect(groupRenditions([], layout, px)).toEqual([]);
    }
  });

  test('every rendition is in exactly one part, whatever the layout', () => {
    for (const layout of ['latency', 'balanced', 'cost'] as const) {
      expect(groupRenditions(ladder, layout, px).flat().map((r) => r.name).sort()).toEqual(ladder.map((r) => r.name).sort());
    }
  });

  test('the cost of a part: one decode of the source and each rendition encoded', () => {
    expect(partCost(100, [{ width: 10, height: 5 }, { width: 2, height: 5 }])).toBe(DECODE_WEIGHT * 100 + 60);
  });
});
