/** The audio stamp: bursts found where they were made (alone, mixed, after AAC), and paired with their frames. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { avDrift, avOffsets, burstFrequency, findBursts, micAudio, SAMPLE_RATE } from '../../../runtime/live/local/stamp-audio';
import { runFfmpeg } from '../../../runtime/shared/ffmpeg';

const CHUNK = SAMPLE_RATE / 25;

/** `seconds` of mic audio in 1/25 s chunks, the burst on the chunks listed (by its second). */
function track(mic: number, tone: number, seconds: number, bursts: Map<number, number>): Int16Array {
  const chunks = Array.from({ length: seconds * 25 }, (_, n) => {
    const second = bursts.get(n);
    return micAudio(n * CHUNK, (n + 1) * CHUNK, tone, second === undefined ? undefined : { mic, second });
  });
  const buffer = Buffer.concat(chunks);
  return new Int16Array(buffer.buffer, buffer.byteOffset, buffer.length / 2);
}

const pcmOf = (buffer: Buffer) => new Int16Array(buffer.buffer, buffer.byteOffset, Math.floor(buffer.length / 2));

describe('bursts', () => {
  // Bursts on chunks 10 (second 7), 35 (second 8), 60 (second 9).
  const bursts = new Map([
    [10, 7],
    [35, 8],
    [60, 9],
  ]);

  it('are found at their onset, each at the frequency of its second parity', () => {
    const pcm = track(2, 440, 3, bursts);
    const odd = findBursts(pcm, SAMPLE_RATE, burstFrequency(2, 1));
    expect(odd).toHaveLength(2);
    for (const [i, s] of odd.entries()) expect(Math.abs(s - [10, 60][i] * CHUNK)).toBeLessThan(SAMPLE_RATE * 0.001);
    const even = findBursts(pcm, SAMPLE_RATE, burstFrequency(2, 0));
    expect(even).toHaveLength(1);
    expect(Math.abs(even[0] - 35 * CHUNK)).toBeLessThan(SAMPLE_RATE * 0.001);
  });

  it('are told apart by mic in a mix of two, and none are found at frequencies nobody sent', () => {
    const a = track(0, 440, 3, bursts);
    const b = track(1, 660, 3, new Map([[20, 7]]));
    const mix = a.map((v, i) => v + b[i]);
    expect(findBursts(mix, SAMPLE_RATE, burstFrequency(0, 1))).toHaveLength(2);
    const other = findBursts(mix, SAMPLE_RATE, burstFrequency(1, 1));
    expect(other).toHaveLength(1);
    expect(Math.abs(other[0] - 20 * CHUNK)).toBeLessThan(SAMPLE_RATE * 0.001);
    expect(findBursts(mix, SAMPLE_RATE, burstFrequency(1, 0))).toEqual([]);
    expect(findBursts(mix, SAMPLE_RATE, burstFrequency(3, 0))).toEqual([]);
  });

  it('are still found within 3 ms after an AAC round trip', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'burst-'));
    const pcm = track(1, 660, 3, bursts);
    writeFileSync(path.join(dir, 'in.pcm'), Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength));
    const s16 = ['-f', 's16le', '-ar', String(SAMPLE_RATE), '-ac', '1'];
    await runFfmpeg(['-nostdin', '-y', ...s16, '-i', path.join(dir, 'in.pcm'), '-c:a', 'aac', path.join(dir, 'out.m4a')]);
    await runFfmpeg(['-nostdin', '-y', '-i', path.join(dir, 'out.m4a'), ...s16, path.join(dir, 'out.pcm')]);
    const decoded = pcmOf(readFileSync(path.join(dir, 'out.pcm')));
    const found = [1, 0].flatMap((parity) => findBursts(decoded, SAMPLE_RATE, burstFrequency(1, parity))).sort((x, y) => x - y);
    expect(found).toHaveLength(3);
    found.forEach((s, i) => expect(Math.abs(s - [10, 35, 60][i] * CHUNK)).toBeLessThan(SAMPLE_RATE * 0.003));
  });
});

describe('A/V offsets', () => {
  it('pair each burst with the flagged frame of its parity within a second, and fit the drift', () => {
    const frames = [7, 8, 9, 10].map((second) => ({ second, atMs: second * 1000 - 6000 }));
    const bursts = [
      { parity: 1, atMs: 1000 + 30 },
      { parity: 0, atMs: 2000 + 40 },
      { parity: 1, atMs: 3000 + 50 },
      // Odd parity names second 11 here, whose frame never came (second 9's is more than a second away): no pair.
      { parity: 1, atMs: 4000 + 60 },
    ];
    const offsets = avOffsets(frames, bursts);
    expect(offsets).toEqual([
      { second: 7, offsetMs: 30 },
      { second: 8, offsetMs: 40 },
      { second: 9, offsetMs: 50 },
    ]);
    expect(avDrift(offsets)).toBeCloseTo(20);
    expect(avDrift(offsets.slice(0, 1))).toBe(0);
  });
});
