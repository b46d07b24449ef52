/**
 * The audio half of the stamp: each mic sends a quiet tone and, with the first frame of every whole second
 * of its stamp clock, a 1-frame burst of a sine at a frequency of its own. The mix sums every mic's audio,
 * so the burst's frequency names the mic; it also names the second's parity, so a burst pairs with the
 * right flagged frame as long as audio and video are less than a second apart. Detection is a Hann-windowed
 * single-bin DFT (10 ms window, 1 ms hop) per frequency; a burst's onset is where its level crosses half its
 * peak, which for a centred symmetric window is the true onset of a sudden burst. Pure.
 */

export const SAMPLE_RATE = 44100;
/** Levels (fractions of full scale): low enough that 4 mics' tones and simultaneous bursts sum without clipping. */
export const TONE_LEVEL = 0.08;
export const BURST_LEVEL = 0.15;
/** Below this a level at a burst frequency is leakage (from neighbouring frequencies, the tones) or codec noise. */
const DETECT_FLOOR = 0.03;
const WINDOW_S = 0.01;
const HOP_S = 0.001;
/** Shorter rises are clicks (a glitch is broadband), not bursts. */
const MIN_BURST_S = 0.02;
/** Dips shorter than this inside one burst (codec artefacts) do not split it. */
const MERGE_S = 0.1;

/** The burst frequency of `mic` in whole second `second`: 300 Hz apart, clear of the 10 ms window's main lobe (±200 Hz). */
export function burstFrequency(mic: number, second: number): number {
  return 1800 + 300 * (2 * mic + (((second % 2) + 2) % 2));
}

/**
 * Samples [from, to) of a mic's audio as s16le: the tone, plus `burst`'s sine when given. Phase
 * follows the absolute sample index, so consecutive chunks join without a click.
 */
export function micAudio(from: number, to: number, tone: number, burst?: { mic: number; second: number }): Buffer {
  const out = Buffer.alloc(2 * (to - from));
  const burstHz = burst ? burstFrequency(burst.mic, burst.second) : 0;
  for (let i = from; i < to; i++) {
    const t = i / SAMPLE_RATE;
    let v = TONE_LEVEL * Math.sin(2 * Math.PI * tone * t);
    if (burst) v += BURST_LEVEL * Math.sin(2 * Math.PI * burstHz * t);
    out.writeInt16LE(Math.round(v * 32767), 2 * (i - from));
  }
  return out;
}

/** Onsets (fractional sample positions) of the bursts at `frequency` in mono PCM. */
export function findBursts(pcm: Int16Array, rate: number, frequency: number): number[] {
  const length = Math.round(rate * WINDOW_S);
  const hop = Math.max(1, Math.round(rate * HOP_S));
  const re: number[] = [];
  const im: number[] = [];
  let weight = 0;
  for (let j = 0; j < length; j++) {
    const w = 0.5 - 0.5 * Math.cos((2 * Math.PI * j) / (length - 1));
    re.push(w * Math.cos((2 * Math.PI * frequency * j) / rate));
    im.push(w * Math.sin((2 * Math.PI * frequency * j) / rate));
    weight += w;
  }
  // The amplitude of the sine at `frequency` in the window centred on sample start + length / 2.
  const level: number[] = [];
  for (let start = 0; start + length <= pcm.length; start += hop) {
    let a = 0;
    let b = 0;
    for (let j = 0; j < length; j++) {
      a += pcm[start + j] * re[j];
      b += pcm[start + j] * im[j];
    }
    level.push((2 * Math.hypot(a, b)) / weight / 32768);
  }
  const centre = (k: number) => k * hop + length / 2;
  const onsets: number[] = [];
  let lastEnd = -Infinity;
  for (let k = 0; k < level.length; ) {
    if (level[k] < DETECT_FLOOR) {
      k++;
      continue;
    }
    let end = k;
    let peak = k;
    while (end < level.length && level[end] >= DETECT_FLOOR) {
      if (level[end] > level[peak]) peak = end;
      end++;
    }
    if (centre(k) - lastEnd < MERGE_S * rate) {
      lastEnd = centre(end - 1);
    } else if ((end - k) * hop >= MIN_BURST_S * rate) {
      lastEnd = centre(end - 1);
      const half = level[peak] / 2;
      let m = peak;
      while (m > 0 && level[m - 1] >= half) m--;
      // Linear interpolation between the last hop below half the peak and the first at or above it.
      const below = m > 0 ? level[m - 1] : 0;
      const fraction = level[m] === below ? 0 : (half - below) / (level[m] - below);
      onsets.push(m > 0 ? centre(m - 1) + fraction * hop : centre(m));
    }
    k = end;
  }
  return onsets;
}

export interface AvOffset {
  second: number;
  /** Audio position − video position in the output's timeline, ms: positive when the sound comes late. */
  offsetMs: number;
}

/**
 * Pairs each burst (its parity and position, ms) with the flagged frame of the same parity nearest to it,
 * within a second; bursts with no such frame (it was dropped) are left out.
 */
export function avOffsets(
  frames: ReadonlyArray<{ second: number; atMs: number }>,
  bursts: ReadonlyArray<{ parity: number; atMs: number }>,
): AvOffset[] {
  const offsets: AvOffset[] = [];
  for (const burst of bursts) {
    let best: { second: number; atMs: number } | undefined;
    for (const frame of frames) {
      if (((frame.second % 2) + 2) % 2 !== burst.parity || Math.abs(burst.atMs - frame.atMs) >= 1000) continue;
      if (!best || Math.abs(burst.atMs - frame.atMs) < Math.abs(burst.atMs - best.atMs)) best = frame;
    }
    if (best) offsets.push({ second: best.second, offsetMs: burst.atMs - best.atMs });
  }
  return offsets.sort((a, b) => a.second - b.second);
}

/**
 * How much the offset changed over the run, ms: the least-squares line through the offsets, from the first
 * second to the last (a frame's position is quantised to the output's frame interval; one pair is noise).
 */
export function avDrift(offsets: readonly AvOffset[]): number {
  if (offsets.length < 2) return 0;
  const n = offsets.length;
  const mx = offsets.reduce((s, o) => s + o.second, 0) / n;
  const my = offsets.reduce((s, o) => s + o.offsetMs, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const o of offsets) {
    sxy += (o.second - mx) * (o.offsetMs - my);
    sxx += (o.second - mx) ** 2;
  }
  return sxx === 0 ? 0 : (sxy / sxx) * (offsets[n - 1].second - offsets[0].second);
}
