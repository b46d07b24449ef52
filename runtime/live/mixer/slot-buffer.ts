/**
 * A live mic's pictures and sound, kept in step by sample count (the prototype's way: separate queues locked the
 * decoder's video lag in as a 135-170 ms offset). The decoder puts out constant-rate video and audio from the same
 * origin (`-vsync cfr`, `aresample=first_pts=0`), so frame n belongs with sample n·rate/fps. Each tick the feeder
 * takes 1/fps s of sound (silence if the decoder is late, which it owes back) and then the newest frame at or before
 * that sound; a backlog of sound beyond MAX_AHEAD_TICKS is skipped, and the pictures skip with it. Pure: the decoder's
 * output goes in by pushVideo and pushAudio.
 */

/** Frames kept at most (a second at 30 fps): beyond, the oldest go (the slot stays live, not late). */
const MAX_FRAMES = 30;
/** Ticks of sound kept as a jitter buffer after a skip, and the backlog that triggers one. */
const JITTER_TICKS = 2;
const MAX_AHEAD_TICKS = 4;

/**
 * Sample frames of tick `tick` at `fps`: [t·rate/fps, (t+1)·rate/fps) in whole samples, the remainder carried, so a
 * rate that `fps` does not divide (48 kHz at 29 fps) keeps sound and pictures together over a day.
 */
export function tickSamples(tick: number, rate: number, fps: number): number {
  return Math.floor(((tick + 1) * rate) / fps) - Math.floor((tick * rate) / fps);
}

export class SlotBuffer {
  private readonly frames: Array<{ index: number; data: Buffer }> = [];
  private nextIndex = 0;
  private partial = Buffer.alloc(0);
  private audioChunks: Buffer[] = [];
  private audioBytes = 0;
  /** Sample frames played (taken, skipped or played as silence) since the decoder started. */
  private played = 0;
  /** Sample frames played as silence that the decoder has not delivered yet: skipped when they come. */
  private owed = 0;
  /** The last frame shown, held while the mic stalls. */
  lastFrame: Buffer | undefined;

  /** Where the sound last taken started, in sample frames since the decoder started. */
  private tickStart = 0;

  constructor(
    readonly frameBytes: number,
    /** Bytes per sample frame of the PCM (s16le × channels). */
    private readonly sampleBytes: number,
    /** Sample frames per second of the PCM. */
    private readonly rate: number,
    /** Frames per second of the pictures (the output's). */
    private readonly fps: number,
  ) {}

  /** Raw video as it comes off the pipe; returns how many whole frames it completed. */
  pushVideo(chunk: Buffer): number {
    let data = this.partial.length > 0 ? Buffer.concat([this.partial, chunk]) : chunk;
    let completed = 0;
    while (data.length >= this.frameBytes) {
      this.frames.push({ index: this.nextIndex++, data: data.subarray(0, this.frameBytes) });
      data = data.subarray(this.frameBytes);
      if (this.frames.length > MAX_FRAMES) this.frames.shift();
      completed++;
    }
    this.partial = Buffer.from(data);
    return completed;
  }

  pushAudio(chunk: Buffer): void {
    // Sound that came after its time was played as silence: skip as much of it.
    const skip = Math.min(this.owed * this.sampleBytes, chunk.length - (chunk.length % this.sampleBytes));
    this.owed -= skip / this.sampleBytes;
    if (skip < chunk.length) {
      this.audioChunks.push(skip > 0 ? chunk.subarray(skip) : chunk);
      this.audioBytes += chunk.length - skip;
    }
  }

  /** The next tick's `samples` sample frames of PCM: the decoder's, silence where it is late. Call before nextFrame(). */
  takeAudio(samples: number): Buffer {
    const bytes = samples * this.sampleBytes;
    if (this.audioBytes > MAX_AHEAD_TICKS * bytes) this.played += this.drop(this.audioBytes - JITTER_TICKS * bytes) / this.sampleBytes;
    const out = Buffer.alloc(bytes);
    const filled = this.read(out);
    this.owed += (bytes - filled) / this.sampleBytes;
    this.tickStart = this.played;
    this.played += samples;
    return out;
  }

  /** The frame that goes with the sound last taken: the newest at or before it, or the last one again while none is due. */
  nextFrame(): Buffer | undefined {
    // The frame whose time is where this tick's sound starts: tick t starts at floor(t·rate/fps), so t = floor((start + 1)·fps/rate).
    const due = Math.floor(((this.tickStart + 1) * this.fps) / this.rate);
    let frame: Buffer | undefined;
    while (this.frames.length > 0 && this.frames[0].index <= due) frame = this.frames.shift()!.data;
    if (frame) this.lastFrame = frame;
    return this.lastFrame;
  }

  private read(out: Buffer): number {
    let filled = 0;
    while (filled < out.length && this.audioChunks.length > 0) {
      const head = this.audioChunks[0];
      const n = Math.min(head.length, out.length - filled);
      head.copy(out, filled, 0, n);
      filled += n;
      if (n === head.length) this.audioChunks.shift();
      else this.audioChunks[0] = head.subarray(n);
      this.audioBytes -= n;
    }
    return filled;
  }

  private drop(bytes: number): number {
    let dropped = 0;
    while (dropped < bytes && this.audioChunks.length > 0) {
      const head = this.audioChunks[0];
      const n = Math.min(head.length, bytes - dropped);
      if (n === head.length) this.audioChunks.shift();
      else this.audioChunks[0] = head.subarray(n);
      dropped += n;
      this.audioBytes -= n;
    }
    return dropped;
  }
}
