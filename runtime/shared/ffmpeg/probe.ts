/** Media metadata through `ffprobe -v error -print_format json -show_format -show_streams`. */
import { headerArgs } from './args';
import { toolPath } from './locate';
import { NotAVideoError } from './not-a-video-error';
import { clockwiseRotation, displayedSize, type RotationSources } from './rotation';
import { FfmpegError, runTool } from './run-tool';

export interface ProbeResult {
  durationSeconds: number;
  /** The container's first timestamp in seconds, when not 0 (MPEG-TS files often start at 1.4): `-ss` counts from it. */
  startSeconds?: number;
  /** Displayed size: what a player shows and what ffmpeg (auto-rotating) encodes from. */
  width: number;
  height: number;
  /** Size of the frames as stored, before rotation (ffprobe's width/height, not its padded coded_width). */
  codedWidth: number;
  codedHeight: number;
  /** Clockwise degrees a player turns the stored frames by (see rotation.ts). */
  rotation: number;
  /** Frames per second of the first video stream (0 when unknown). */
  fps: number;
  videoCodec: string;
  audioCodec?: string;
  hasAudio: boolean;
  /** Overall bitrate in bits/s (0 when ffprobe does not know it). */
  bitrate: number;
  /** H.264 profile name and level_idc, e.g. "High" and 30: what an HLS CODECS string needs. */
  videoProfile?: string;
  videoLevel?: number;
}

export interface ProbeStream extends RotationSources {
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  sample_aspect_ratio?: string;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  duration?: string;
  profile?: string;
  level?: number;
  disposition?: { attached_pic?: number };
}

export interface ProbeJson {
  format?: { format_name?: string; duration?: string; start_time?: string; bit_rate?: string };
  streams?: ProbeStream[];
}

/** ffprobe's JSON as it printed it. */
export function probeJson(urlOrPath: string, inputHeaders: Readonly<Record<string, string>> = {}): Promise<ProbeJson> {
  return ffprobeJson<ProbeJson>(['-show_format', '-show_streams', ...headerArgs(inputHeaders), urlOrPath]);
}

/** ffprobe run quietly with `args`, its JSON answer parsed; output that is not JSON is an FfmpegError. */
export async function ffprobeJson<T>(args: readonly string[]): Promise<T> {
  const binary = toolPath('ffprobe');
  const all = ['-v', 'error', '-print_format', 'json', ...args];
  const { stdout } = await runTool(binary, all);
  try {
    return JSON.parse(stdout.toString('utf8')) as T;
  } catch (err) {
    throw new FfmpegError(binary, all, { exitCode: 0 }, (err as Error).message, 'unusable ffprobe output');
  }
}

export async function probe(urlOrPath: string, inputHeaders: Readonly<Record<string, string>> = {}): Promise<ProbeResult> {
  return parseProbeOutput(await probeJson(urlOrPath, inputHeaders));
}

/**
 * Image demuxers (libavformat/img2dec.c): `image2`, `image2pipe` and `<codec>_pipe` such as
 * png_pipe. They report the picture as a video stream, but a still is not a video.
 */
const STILL_IMAGE_FORMAT = /^image2(pipe)?$|_pipe$/;

/** Pure: ffprobe's JSON to ProbeResult; throws NotAVideoError when there is no video to transcode. */
export function parseProbeOutput(json: ProbeJson): ProbeResult {
  const streams = json.streams ?? [];
  const formats = (json.format?.format_name ?? '').split(',');
  const still = formats.find((f) => STILL_IMAGE_FORMAT.test(f));
  if (still) throw new NotAVideoError(`a still image (${still})`);
  // Cover art of an audio file is a one-picture "video" stream marked attached_pic.
  const video = streams.find((s) => s.codec_type === 'video' && s.width && s.height && !s.disposition?.attached_pic);
  if (!video) throw new NotAVideoError('no video stream');
  const audio = streams.find((s) => s.codec_type === 'audio');
  const duration = Number(json.format?.duration ?? video.duration);
  const rotation = clockwiseRotation(video);
  const start = Number(json.format?.start_time);
  return {
    durationSeconds: Number.isFinite(duration) ? duration : 0,
    ...(Number.isFinite(start) && start !== 0 ? { startSeconds: start } : {}),
    ...displayedSize(video.width!, video.height!, rotation),
    codedWidth: video.width!,
    codedHeight: video.height!,
    rotation,
    fps: frameRate(video.avg_frame_rate) || frameRate(video.r_frame_rate),
    videoCodec: video.codec_name ?? 'unknown',
    ...(audio?.codec_name ? { audioCodec: audio.codec_name } : {}),
    hasAudio: audio !== undefined,
    bitrate: Number(json.format?.bit_rate) || 0,
    ...(video.profile ? { videoProfile: video.profile } : {}),
    ...(typeof video.level === 'number' && video.level > 0 ? { videoLevel: video.level } : {}),
  };
}

/** "30000/1001" → 29.97; "0/0" → 0. */
function frameRate(ratio: string | undefined): number {
  if (!ratio) return 0;
  const [num, den] = ratio.split('/').map(Number);
  if (!den) return Number.isFinite(num) ? num : 0;
  return num / den;
}
