/** Media metadata through `ffprobe -v error -print_format json -show_format -show_streams`. */
import { toolPath } from './locate';
import { FfmpegError, runTool } from './run-tool';

export interface ProbeResult {
  durationSeconds: number;
  width: number;
  height: number;
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

export async function probe(urlOrPath: string): Promise<ProbeResult> {
  const binary = toolPath('ffprobe');
  const args = ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', urlOrPath];
  const { stdout } = await runTool(binary, args);
  try {
    return parseProbeOutput(JSON.parse(stdout.toString('utf8')));
  } catch (err) {
    throw new FfmpegError(binary, args, 0, (err as Error).message, 'unusable ffprobe output');
  }
}

interface ProbeStream {
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  duration?: string;
  profile?: string;
  level?: number;
}

/** Pure: ffprobe's JSON to ProbeResult; throws when there is no video stream. */
export function parseProbeOutput(json: { format?: { duration?: string; bit_rate?: string }; streams?: ProbeStream[] }): ProbeResult {
  const streams = json.streams ?? [];
  const video = streams.find((s) => s.codec_type === 'video' && s.width && s.height);
  if (!video) throw new Error('no video stream');
  const audio = streams.find((s) => s.codec_type === 'audio');
  const duration = Number(json.format?.duration ?? video.duration);
  return {
    durationSeconds: Number.isFinite(duration) ? duration : 0,
    width: video.width!,
    height: video.height!,
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
