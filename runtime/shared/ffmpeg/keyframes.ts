/**
 * Where the key frames of a video are, without reading it all: ffprobe's `-read_intervals "T%+#1"` seeks to the key
 * frame at or before T (avformat_seek_file with T as the latest timestamp allowed) and reads one packet there, so a
 * list of cut points costs a seek each (for MP4, one ranged read in the index), not a pass over the file
 * (https://ffmpeg.org/ffprobe.html, -read_intervals).
 */
import { headerArgs } from './args';
import { ffprobeJson } from './probe';

interface PacketsJson {
  packets?: Array<{ pts_time?: string; flags?: string }>;
}

/**
 * The key frames of the first video stream found at or before each of `seconds` (counted from the file's start,
 * `startSeconds` its first timestamp), in whole microseconds from the start, in ascending order without repeats.
 * A seek that lands on no key frame (a container without an index may) contributes nothing.
 */
export async function keyframesAtOrBefore(
  urlOrPath: string,
  seconds: readonly number[],
  startSeconds = 0,
  inputHeaders: Readonly<Record<string, string>> = {},
): Promise<number[]> {
  if (seconds.length === 0) return [];
  const intervals = seconds.map((s) => `${(startSeconds + s).toFixed(6)}%+#1`).join(',');
  const args = ['-select_streams', 'v:0', '-read_intervals', intervals, '-show_entries', 'packet=pts_time,flags'];
  return keyframeMicros(await ffprobeJson<PacketsJson>([...args, ...headerArgs(inputHeaders), urlOrPath]), startSeconds);
}

/** Pure: the key-frame packets of ffprobe's answer, as microseconds from `startSeconds`. */
export function keyframeMicros(json: PacketsJson, startSeconds: number): number[] {
  const micros = (json.packets ?? [])
    .filter((p) => p.flags?.startsWith('K') && p.pts_time !== undefined && Number.isFinite(Number(p.pts_time)))
    .map((p) => Math.round((Number(p.pts_time) - startSeconds) * 1e6))
    .filter((t) => t >= 0);
  return [...new Set(micros)].sort((a, b) => a - b);
}
