/** The picture stamp: bits round trip, painted and read back, and read after the scaling and H.264 a mix puts it through. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { bitsStamp, paintStamp, readStamp, stampBits, STAMP_BITS, type Stamp } from '../../../runtime/live/local/stamp-code';
import { runFfmpeg } from '../../../runtime/shared/ffmpeg';

const NOW = Date.UTC(2024, 5, 1, 12, 0, 0, 123);
const W = 320;
const H = 180;

function stamped(stamp: Stamp): Buffer {
  const luma = Buffer.alloc(W * H, 90);
  paintStamp(luma, W, H, stamp);
  return luma;
}

describe('stamp bits', () => {
  it('round-trip the mic, the ms and the whole-second flag', () => {
    for (const stamp of [
      { mic: 0, ms: NOW, wholeSecond: false },
      { mic: 15, ms: NOW + 987, wholeSecond: true },
      { mic: 7, ms: NOW - 5000, wholeSecond: false },
    ]) {
      const bits = stampBits(stamp);
      expect(bits).toHaveLength(STAMP_BITS);
      expect(bitsStamp(bits, NOW)).toEqual(stamp);
    }
  });

  it('unwrap the 35-bit ms against the reader clock across a wrap', () => {
    const wrap = 2 ** 35 * 50;
    const stamp = { mic: 3, ms: wrap - 200, wholeSecond: false };
    expect(bitsStamp(stampBits(stamp), wrap + 300)).toEqual(stamp);
  });

  it('refuse any single flipped bit, an all-black or all-white read, and a time far from the reader clock', () => {
    const bits = stampBits({ mic: 5, ms: NOW, wholeSecond: true });
    for (let i = 0; i < STAMP_BITS; i++) {
      const flipped = [...bits];
      flipped[i] ^= 1;
      expect(bitsStamp(flipped, NOW)).toBeUndefined();
    }
    expect(bitsStamp(new Array(STAMP_BITS).fill(0), NOW)).toBeUndefined();
    expect(bitsStamp(new Array(STAMP_BITS).fill(1), NOW)).toBeUndefined();
    expect(bitsStamp(bits, NOW + 120_000)).toBeUndefined();
  });
});

describe('stamp pictures', () => {
  it('read back from the picture it was painted on', () => {
    const stamp = { mic: 9, ms: NOW + 40, wholeSecond: false };
    expect(readStamp(stamped(stamp), W, { x: 0, y: 0, width: W, height: H }, NOW)).toEqual(stamp);
    expect(readStamp(Buffer.alloc(W * H, 16), W, { x: 0, y: 0, width: W, height: H }, NOW)).toBeUndefined();
  });

  it('read after ffmpeg scales the picture down 3x', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'stamp-'));
    const stamp = { mic: 2, ms: NOW + 1234, wholeSecond: true };
    writeFileSync(path.join(dir, 'in.gray'), stamped(stamp));
    const raw = ['-f', 'rawvideo', '-pix_fmt', 'gray'];
    const input = ['-s', `${W}x${H}`, '-i', path.join(dir, 'in.gray')];
    await runFfmpeg(['-nostdin', '-y', ...raw, ...input, '-vf', 'scale=106:60', ...raw, path.join(dir, 'out.gray')]);
    expect(readStamp(readFileSync(path.join(dir, 'out.gray')), 106, { x: 0, y: 0, width: 106, height: 60 }, NOW)).toEqual(stamp);
  });

  it('read in its tile of a 640x360 canvas after H.264 at a mix bitrate', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'stamp-'));
    const stamps = Array.from({ length: 10 }, (_, n) => ({ mic: 4, ms: NOW + 40 * n, wholeSecond: n === 5 }));
    writeFileSync(path.join(dir, 'in.gray'), Buffer.concat(stamps.map(stamped)));
    const tile = { x: 426, y: 240, width: 214, height: 120 };
    await runFfmpeg([
      ...['-nostdin', '-y', '-f', 'rawvideo', '-pix_fmt', 'gray', '-s', `${W}x${H}`, '-r', '25', '-i', path.join(dir, 'in.gray')],
      ...['-vf', `scale=${tile.width}:${tile.height},pad=640:360:${tile.x}:${tile.y}:black,format=yuv420p`],
      ...['-c:v', 'libx264', '-preset', 'veryfast', '-b:v', '600k', path.join(dir, 'mix.mp4')],
    ]);
    await runFfmpeg(['-nostdin', '-y', '-i', path.join(dir, 'mix.mp4'), '-f', 'rawvideo', '-pix_fmt', 'gray', path.join(dir, 'out.gray')]);
    const out = readFileSync(path.join(dir, 'out.gray'));
    const frames = Array.from({ length: out.length / (640 * 360) }, (_, n) => out.subarray(n * 640 * 360, (n + 1) * 640 * 360));
    expect(frames.map((f) => readStamp(f, 640, tile, NOW))).toEqual(stamps);
  });
});
