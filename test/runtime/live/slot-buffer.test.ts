/** The slot buffer keeps a mic's pictures with its sound by sample count: frame n is shown with sample n·rate/fps. */
import { SlotBuffer, tickSamples } from '../../../runtime/live/mixer/slot-buffer';

const FRAME = 4; // bytes per (tiny) frame
const SAMPLE = 4; // s16le stereo
const TICK = 10; // sample frames per tick
const frame = (n: number) => Buffer.alloc(FRAME, n);
const sound = (ticks: number, value = 1) => Buffer.alloc(ticks * TICK * SAMPLE, value);
const shown = (b: SlotBuffer) => b.nextFrame()?.[0];

describe('SlotBuffer', () => {
  it('shows frame n with the nth tick of sound, however early the pictures came', () => {
    const b = new SlotBuffer(FRAME, SAMPLE, TICK, 1);
    // The decoder delivered five frames before any sound (its video runs ahead).
    b.pushVideo(Buffer.concat([0, 1, 2, 3, 4].map(frame)));
    const seen: Array<number | undefined> = [];
    for (let tick = 0; tick < 5; tick++) {
      b.pushAudio(sound(1));
      b.takeAudio(TICK);
      seen.push(shown(b));
    }
    expect(seen).toEqual([0, 1, 2, 3, 4]);
  });

  it('holds the last frame while pictures lag the sound, then catches up to the frame that goes with it', () => {
    const b = new SlotBuffer(FRAME, SAMPLE, TICK, 1);
    b.pushAudio(sound(4));
    b.pushVideo(frame(0));
    b.takeAudio(TICK);
    expect(shown(b)).toBe(0);
    b.takeAudio(TICK);
    // Frame 1 is late: frame 0 is held.
    expect(shown(b)).toBe(0);
    b.pushVideo(Buffer.concat([1, 2, 3].map(frame)));
    b.takeAudio(TICK);
    // The sound is at tick 2: frame 1 is skipped, frame 2 goes with it.
    expect(shown(b)).toBe(2);
  });

  it('plays silence when the sound is late and skips as much of it when it comes, so the two stay in step', () => {
    const b = new SlotBuffer(FRAME, SAMPLE, TICK, 1);
    b.pushVideo(Buffer.concat([0, 1, 2, 3].map(frame)));
    expect(b.takeAudio(TICK).every((x) => x === 0)).toBe(true);
    expect(shown(b)).toBe(0);
    // Two ticks of sound arrive late: the first was played as silence and is skipped.
    b.pushAudio(Buffer.concat([sound(1, 7), sound(1, 9)]));
    expect(b.takeAudio(TICK)[0]).toBe(9);
    expect(shown(b)).toBe(1);
  });

  it('skips a backlog of sound beyond four ticks down to two, and the pictures with it', () => {
    const b = new SlotBuffer(FRAME, SAMPLE, TICK, 1);
    // A burst at start: 6 ticks of sound and frames 0-5 (an origin's cache of older media).
    b.pushVideo(Buffer.concat([0, 1, 2, 3, 4, 5].map(frame)));
    b.pushAudio(Buffer.concat([0, 1, 2, 3, 4, 5].map((n) => sound(1, n + 10))));
    // 4 ticks skipped: this tick plays the 5th tick of sound and shows frame 4.
    expect(b.takeAudio(TICK)[0]).toBe(14);
    expect(shown(b)).toBe(4);
    expect(b.takeAudio(TICK)[0]).toBe(15);
    expect(shown(b)).toBe(5);
  });

  it('cuts frames at their size across pipe chunks', () => {
    const b = new SlotBuffer(FRAME, SAMPLE, TICK, 1);
    const data = Buffer.concat([0, 1, 2].map(frame));
    expect(b.pushVideo(data.subarray(0, 6))).toBe(1);
    expect(b.pushVideo(data.subarray(6))).toBe(2);
    b.pushAudio(sound(3));
    b.takeAudio(TICK);
    b.takeAudio(TICK);
    b.takeAudio(TICK);
    expect(shown(b)).toBe(2);
  });

  it('keeps sound and pictures together for an hour at a rate the frame rate does not divide (48 kHz at 29 fps)', () => {
    const fps = 29;
    const rate = 48_000;
    const b = new SlotBuffer(FRAME, SAMPLE, rate, fps);
    let samplesOut = 0;
    let astray = 0;
    for (let tick = 0; tick < fps * 3600; tick++) {
      const samples = tickSamples(tick, rate, fps);
      // A perfect decoder: one frame (numbered by its tick, mod 256 in its bytes) and its samples per tick.
      b.pushVideo(Buffer.alloc(FRAME, tick % 256));
      b.pushAudio(Buffer.alloc(samples * SAMPLE));
      samplesOut += b.takeAudio(samples).length / SAMPLE;
      if (shown(b) !== tick % 256) astray++;
    }
    expect(astray).toBe(0);
    // Exactly an hour of sound for an hour of pictures.
    expect(samplesOut).toBe(rate * 3600);
  });
});
