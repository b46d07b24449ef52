/**
 * The stamp a stamped mic burns into its pictures, so a viewer of the mix can tell from decoded pixels
 * alone whose picture a tile shows and when it was taken: 48 bits as 2 rows × 24 black/white blocks over
 * the top quarter of the picture. Blocks that large (13 × 22 px at 320×180) still read after H.264 and a
 * 3× downscale into a small tile, where text or a QR code would not. The bits: the mic's index (4), a
 * flag on the first frame of each whole second of the stamp clock (1, the frame its audio burst goes
 * with), the wall-clock ms modulo 2^35 (35: a year, unwrapped against the reader's clock), and a CRC-8
 * (8). The CRC starts at 0xFF so an all-black or all-white rectangle (an empty tile, a flat picture)
 * never reads as a stamp. Pure: planes are luma buffers, rectangles are in their pixels.
 */

export const STAMP_ROWS = 2;
export const STAMP_COLUMNS = 24;
/** The part of the picture's height the stamp fills, from the top. */
export const STAMP_BAND = 0.25;
export const STAMP_BITS = STAMP_ROWS * STAMP_COLUMNS;
export const MAX_STAMP_MIC = 15;

const MIC_BITS = 4;
const MS_BITS = 35;
const MS_MODULUS = 2 ** MS_BITS;
const PAYLOAD_BITS = MIC_BITS + 1 + MS_BITS;
/** Video-range black and white, and the luma between them a block is read against. */
const BLACK = 16;
const WHITE = 235;
const THRESHOLD = (BLACK + WHITE) / 2;
/** A read whose time is further than this from the reader's clock is a misread (a random 35-bit value almost always is). */
const DEFAULT_TOLERANCE_MS = 60_000;

export interface Stamp {
  mic: number;
  /** Wall-clock ms of the frame. */
  ms: number;
  /** The first frame at or after a whole second of `ms`: its audio carries the burst. */
  wholeSecond: boolean;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export function stampBits(stamp: Stamp): number[] {
  if (!Number.isInteger(stamp.mic) || stamp.mic < 0 || stamp.mic > MAX_STAMP_MIC) throw new RangeError(`mic must be 0-${MAX_STAMP_MIC}`);
  const bits: number[] = [];
  for (let i = 0; i < MIC_BITS; i++) bits.push((stamp.mic >> i) & 1);
  bits.push(stamp.wholeSecond ? 1 : 0);
  // 35 bits do not fit JavaScript's 32-bit operators: plain arithmetic instead.
  const ms = ((Math.round(stamp.ms) % MS_MODULUS) + MS_MODULUS) % MS_MODULUS;
  for (let i = 0; i < MS_BITS; i++) bits.push(Math.floor(ms / 2 ** i) % 2);
  const crc = crc8(bits);
  for (let i = 0; i < 8; i++) bits.push((crc >> i) & 1);
  return bits;
}

/** The stamp in `bits`, or undefined when the CRC fails or its time is not within `toleranceMs` of `nearMs`. */
export function bitsStamp(bits: readonly number[], nearMs: number, toleranceMs = DEFAULT_TOLERANCE_MS): Stamp | undefined {
  if (bits.length !== STAMP_BITS) return undefined;
  const payload = bits.slice(0, PAYLOAD_BITS);
  let crc = 0;
  for (let i = 0; i < 8; i++) crc |= bits[PAYLOAD_BITS + i] << i;
  if (crc !== crc8(payload)) return undefined;
  let mic = 0;
  for (let i = 0; i < MIC_BITS; i++) mic |= payload[i] << i;
  let wrapped = 0;
  for (let i = 0; i < MS_BITS; i++) wrapped += payload[MIC_BITS + 1 + i] * 2 ** i;
  const base = nearMs - (((nearMs % MS_MODULUS) + MS_MODULUS) % MS_MODULUS);
  const candidates = [base - MS_MODULUS, base, base + MS_MODULUS].map((b) => b + wrapped);
  const ms = candidates.reduce((a, b) => (Math.abs(a - nearMs) <= Math.abs(b - nearMs) ? a : b));
  if (Math.abs(ms - nearMs) > toleranceMs) return undefined;
  return { mic, ms, wholeSecond: payload[MIC_BITS] === 1 };
}

/** Paints the stamp over the top band of a `width` × `height` luma plane. */
export function paintStamp(luma: Buffer, width: number, height: number, stamp: Stamp): void {
  const bits = stampBits(stamp);
  const bandHeight = Math.floor(height * STAMP_BAND);
  for (let y = 0; y < bandHeight; y++) {
    const row = Math.min(STAMP_ROWS - 1, Math.floor((y * STAMP_ROWS) / bandHeight));
    for (let x = 0; x < width; x++) {
      const column = Math.min(STAMP_COLUMNS - 1, Math.floor((x * STAMP_COLUMNS) / width));
      luma[y * width + x] = bits[row * STAMP_COLUMNS + column] ? WHITE : BLACK;
    }
  }
}

/**
 * The stamp drawn in `rect` of a luma plane `stride` pixels wide (a picture scaled into that rectangle), or
 * undefined. Each block is read at its centre, averaged over its middle third, so the blur at block edges
 * (scaling, H.264) never decides a bit.
 */
export function readStamp(luma: Buffer, stride: number, rect: Rect, nearMs: number): Stamp | undefined {
  const rows = luma.length / stride;
  const blockWidth = rect.width / STAMP_COLUMNS;
  const blockHeight = (rect.height * STAMP_BAND) / STAMP_ROWS;
  const reachX = Math.floor(blockWidth / 6);
  const reachY = Math.floor(blockHeight / 6);
  const bits: number[] = [];
  for (let row = 0; row < STAMP_ROWS; row++) {
    for (let column = 0; column < STAMP_COLUMNS; column++) {
      const cx = Math.floor(rect.x + (column + 0.5) * blockWidth);
      const cy = Math.floor(rect.y + (row + 0.5) * blockHeight);
      let sum = 0;
      let count = 0;
      for (let y = cy - reachY; y <= cy + reachY; y++) {
        for (let x = cx - reachX; x <= cx + reachX; x++) {
          if (x < 0 || y < 0 || x >= stride || y >= rows) continue;
          sum += luma[y * stride + x];
          count++;
        }
      }
      if (count === 0) return undefined;
      bits.push(sum / count > THRESHOLD ? 1 : 0);
    }
  }
  return bitsStamp(bits, nearMs);
}

/** CRC-8 (polynomial 0x07) over bits, initial value 0xFF. */
function crc8(bits: readonly number[]): number {
  let crc = 0xff;
  for (const bit of bits) {
    const top = ((crc >> 7) & 1) ^ bit;
    crc = (crc << 1) & 0xff;
    if (top) crc ^= 0x07;
  }
  return crc;
}
