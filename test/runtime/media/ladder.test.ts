import { planRenditions } from '../../../runtime/media/ladder';
import type { Rung } from '../../../runtime/media/settings';

const ladder: Rung[] = [
  { name: '1080p', height: 1080, videoBitrate: 6000, audioBitrate: 128 },
  { name: '720p', height: 720, videoBitrate: 3000, audioBitrate: 128 },
  { name: '360p', height: 360, videoBitrate: 730, audioBitrate: 96 },
  { name: '234p', height: 234, videoBitrate: 145, audioBitrate: 64 },
];

describe('planRenditions', () => {
  it('drops rungs taller than the source', () => {
    expect(planRenditions(ladder, { width: 1280, height: 720, fps: 30 }).map((r) => r.name)).toEqual(['720p', '360p', '234p']);
  });

  it('follows the source aspect with even widths', () => {
    const [r] = planRenditions(ladder, { width: 1920, height: 800, fps: 24 }).filter((x) => x.name === '360p');
    expect(r.width).toBe(864);
    const portrait = planRenditions(ladder, { width: 720, height: 1280, fps: 30 }).find((x) => x.name === '234p')!;
    expect(portrait.width % 2).toBe(0);
    expect(portrait.width).toBe(132);
  });

  it('caps fps at 30 and uses 30 when unknown', () => {
    expect(planRenditions(ladder, { width: 640, height: 360, fps: 60 })[0].fps).toBe(30);
    expect(planRenditions(ladder, { width: 640, height: 360, fps: 25 })[0].fps).toBe(25);
    expect(planRenditions(ladder, { width: 640, height: 360, fps: 0 })[0].fps).toBe(30);
  });

  it('makes one rung at the source height with the lowest bitrates when none fits', () => {
    expect(planRenditions(ladder, { width: 320, height: 181, fps: 30 })).toEqual([
      { name: '180p', width: 318, height: 180, fps: 30, videoBitrate: 145, audioBitrate: 64 },
    ]);
  });
});
