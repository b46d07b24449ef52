/**
 * Compares strings in UTF-8 byte order (Table Store's order for STRING) without encoding them.
 * UTF-8 order is code-point order, which differs from JavaScript's UTF-16 order only where a
 * surrogate (part of a code point >= U+10000) meets a BMP character >= U+E000.
 */
export function compareUtf8(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xSurrogate = x >= 0xd800 && x <= 0xdfff;
    const ySurrogate = y >= 0xd800 && y <= 0xdfff;
    if (xSurrogate !== ySurrogate) return xSurrogate ? 1 : -1;
    return x < y ? -1 : 1;
  }
  return Math.sign(a.length - b.length);
}
