/**
 * Whether a media tool failure can go away on a retry. Permanent: the input itself cannot be
 * read as a video, so retrying spends the same work to fail again. Everything else is transient
 * (network, throttling, a killed process, a bug of ours, anything unrecognised): the caller
 * throws and Function Compute retries. Only a tool that exited on its own is judged by its
 * stderr; its exit code says little (1 in ffmpeg 4, the negated AVERROR & 255 in ffmpeg 7).
 */
import { NotAVideoError } from './not-a-video-error';
import { FfmpegError } from './run-tool';

export type MediaFailureKind = { permanent: true; reason: string } | { permanent: false };

/**
 * Stderr lines that name the input as unusable:
 * - "Invalid data found when processing input": AVERROR_INVALIDDATA's text (libavutil/error.c),
 *   printed when no demuxer recognises the bytes or the container cannot be parsed.
 * - "moov atom not found": libavformat/mov.c, an MP4/MOV without its index (truncated upload).
 * - "Decoder (codec X) not found for input stream" (fftools/ffmpeg.c, ffmpeg ≤ 5) and
 *   "Decoding requested, but no decoder found for: X" (ffmpeg ≥ 6): a codec this build cannot decode.
 */
export const PERMANENT_STDERR: readonly RegExp[] = [
  /Invalid data found when processing input/,
  /moov atom not found/,
  /Decoder \(codec \S+\) not found for input stream/,
  /Decoding requested, but no decoder found for/,
];

/**
 * Stderr lines that win over the ones above, because a broken transfer can also leave the
 * demuxer with invalid data:
 * - "Server returned ...": libavformat/http.c on an HTTP error status (OSS 5xx, throttling, an expired URL).
 * - connection errors, "Input/output error" and "Resource temporarily unavailable": strerror texts.
 * - "Failed to resolve hostname": libavformat/network.c.
 * - "received signal" / "Received signal": ffmpeg's own SIGTERM/SIGINT handler (fftools/ffmpeg.c)
 *   exits normally with 255 after printing it.
 */
export const TRANSIENT_STDERR: readonly RegExp[] = [
  /Server returned/,
  /Connection (timed out|refused|reset)/,
  /Input\/output error/,
  /Resource temporarily unavailable/,
  /Failed to resolve hostname/,
  /received signal/i,
];

export function classifyMediaFailure(err: unknown): MediaFailureKind {
  if (err instanceof NotAVideoError) return { permanent: true, reason: err.message };
  if (!(err instanceof FfmpegError) || err.exitCode === undefined || err.signal) return { permanent: false };
  const matches = (patterns: readonly RegExp[]) => patterns.some((p) => p.test(err.stderrTail));
  if (matches(TRANSIENT_STDERR) || !matches(PERMANENT_STDERR)) return { permanent: false };
  return { permanent: true, reason: withoutQueryStrings(err.message) };
}

/** The input of a run is often a signed URL: its signature has no place in a stored reason (signed query values have no raw ':'). */
function withoutQueryStrings(text: string): string {
  return text.replace(/(https?:\/\/[^\s?]+)\?[^\s:]*/g, '$1');
}
