/** The layouts' grouping of renditions into parts, as pure decisions of the cost model (part-layout.ts). */
import { planRenditions } from '../../../runtime/media/ladder';
import { DECODE_WEIGHT, groupRenditions, partCost, partName } from '../../../runtime/media/part-layout';
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

  test('balanced: the largest alone, the rest in one part that costs no more than it (1080p source, default ladder)', () => {
    const parts = groupRenditions(ladder, 'balanced', px);
    expect(names(parts)).toEqual(['1080p', '720p+540p+360p+234p']);
    expect(partCost(px, parts[1])).toBeLessThanOrEqual(partCost(px, parts[0]));
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
    // Budget: a 1080p decode (0.2 × 2.07 Mpx) + 0.92 Mpx = 1.34 M; 540p+360a = 1.16 M fits, +360b = 1.39 M does not; 234p fits.
    expect(names(groupRenditions(mixed, 'balanced', px))).toEqual(['720p', '540p+360a+234p', '360b']);
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
