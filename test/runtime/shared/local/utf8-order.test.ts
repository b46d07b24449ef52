import { compareUtf8 } from '../../../../runtime/shared/local/table-store/utf8-order';
import { seededRandom } from '../../../../runtime/dispatch/local/random-points';

describe('compareUtf8', () => {
  const bytes = (a: string, b: string) => Math.sign(Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));

  test('agrees with comparing the UTF-8 bytes, where UTF-16 order does not', () => {
    // U+FF61 (BMP, above the surrogates) against U+1F600 (astral): UTF-16 puts the emoji first, UTF-8 last.
    expect('\uFF61' < '😀').toBe(false);
    expect(compareUtf8('\uFF61', '😀')).toBe(-1);
    expect(compareUtf8('😀', '\uFF61')).toBe(1);
    expect(compareUtf8('abc', 'abd')).toBe(-1);
    expect(compareUtf8('ab', 'abc')).toBe(-1);
    expect(compareUtf8('héllo', 'héllo')).toBe(0);
  });

  test('agrees with the bytes on random strings across the planes', () => {
    const random = seededRandom(7);
    const alphabet = ['a', 'z', 'é', '中', '\uE000', '\uFFFF', '😀', '𝄞', '\u0000', '~'];
    const word = () => Array.from({ length: 1 + Math.floor(random() * 4) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
    for (let i = 0; i < 2000; i++) {
      const [a, b] = [word(), word()];
      expect([a, b, compareUtf8(a, b)]).toEqual([a, b, bytes(a, b)]);
    }
  });
});
