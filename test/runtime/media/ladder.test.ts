import { planRenditions } from '../../../runtime/media/ladder';
import type { Rung } from '../../../runtime/media/settings';

const ladder: Rung[] = [
  { name: '1080p', height: 1080, videoBitrate: 6000, audioBitrate: 128 },
  { name: '720p', height: 720, videoBitrate: 3000, audioBitrate: 128 },
  { name: '360p', height: 360, videoBitrate: 730, audioBitrate: 96 },
  { name: '234p', height: 234, videoBitrate: 145, audioBitrate: 64 },
];
const sizes = (source: { width: number; height: number }) => planRenditions(ladder, { ...source, fps: 30 }).map((r) => [r.name, r.width, r.height]);

describe('planRenditions', () => {
  it('landscape: a rung is the height; rungs taller than the source are dropped', () => {
    expect(sizes({ width: 1280, height: 720 })).toEqual([
      ['720p', 1280, 720],
      ['360p', 640, 360],
      ['234p', 416, 234],
    ]);
  });

  it('portrait: a rung is the width, so a 720x1280 upload keeps its full resolution', () => {
    expect(sizes({ width: 720, height: 1280 })).toEqual([
      ['720p', 720, 1280],
      ['360p', 360, 640],
      ['234p', 234, 416],
    ]);
  });

  it('square: both sides are the rung', () => {
    expect(sizes({ width: 720, height: 720 })).toEqual([
      ['720p', 720, 720],
      ['360p', 360, 360],
      ['234p', 234, 234],
    ]);
  });

  it('skips rungs above the shorter side whichever way the source is turned', () => {
    expect(sizes({ width: 1080, height: 1920 }).map(([name]) => name)).toEqual(['1080p', '720p', '360p', '234p']);
    expect(sizes({ width: 400, height: 1920 }).map(([name]) => name)).toEqual(['360p', '234p']);
  });

  it('follows the source aspect with an even longer side', () => {
    const [r] = planRenditions(ladder, { width: 1920, height: 800, fps: 24 }).filter((x) => x.name === '360p');
    expect(r.width).toBe(864);
    const [p] = planRenditions(ladder, { width: 800, height: 1921, fps: 24 }).filter((x) => x.name === '234p');
    expect([p.width, p.height]).toEqual([234, 562]);
  });

  it('caps fps at 30 and uses 30 when unknown', () => {
    expect(planRenditions(ladder, { width: 640, height: 360, fps: 60 })[0].fps).toBe(30);
    expect(planRenditions(ladder, { width: 640, height: 360, fps: 25 })[0].fps).toBe(25);
    expect(planRenditions(ladder, { width: 640, height: 360, fps: 0 })[0].fps).toBe(30);
  });

  it('makes one rung at the shorter side with the lowest bitrates when none fits', () => {
    expect(planRenditions(ladder, { width: 320, height: 181, fps: 30 })).toEqual([
      { name: '180p', width: 318, height: 180, fps: 30, videoBitrate: 145, audioBitrate: 64 },
    ]);
    expect(planRenditions(ladder, { width: 181, height: 320, fps: 30 })).toEqual([
      { name: '180p', width: 180, height: 318, fps: 30, videoBitrate: 145, audioBitrate: 64 },
    ]);
  });
});
