import { MEDIA_DEFAULT_RETRIES, Rung } from '../../runtime/media/settings';

/**
 * A subset of Apple's HLS authoring ladder (16:9, H.264: 416x234 145 kb/s, 640x360 365, 960x540 2000, 1280x720 3000,
 * 1920x1080 6000; 730 kb/s is its 768x432 rung: https://developer.apple.com/documentation/http-live-streaming/hls-authoring-specification-for-apple-devices,
 * "Video bit-rate ladder"); rungs above the source are skipped.
 */
export const DEFAULT_LADDER: Rung[] = [
  { name: '1080p', height: 1080, videoBitrate: 6000, audioBitrate: 128 },
  { name: '720p', height: 720, videoBitrate: 3000, audioBitrate: 128 },
  { name: '540p', height: 540, videoBitrate: 2000, audioBitrate: 128 },
  { name: '360p', height: 360, videoBitrate: 365, audioBitrate: 96 },
  { name: '234p', height: 234, videoBitrate: 145, audioBitrate: 64 },
];

/** The defaults the README's table lists; every one can be changed by a prop. */
export const MEDIA_DEFAULTS = {
  inputPrefix: 'uploads/',
  inputSuffixes: ['.mp4', '.mov', '.mkv', '.webm', '.m4v'],
  outputPrefix: 'processed/',
  failurePrefix: 'failed/',
  packaging: 'hls' as const,
  // The README's defaults table says why: about latency's wait for fewer decodes (bench: "media layouts").
  layout: 'balanced' as const,
  segmentSeconds: 6,
  // 30 s of 1080p is about 35 s of a 2-vCPU transcoder (bench: "media layouts"), so a 10-minute upload waits for that
  // plus planning and stitching; each chunk costs one more invocation, a cut at a key frame wastes no decode.
  chunking: { minSourceSeconds: 60, chunkSeconds: 30 },
  thumbnails: { count: 3, width: 320 },
  watermark: { position: 'bottom-right' as const, marginPx: 16, widthFraction: 0.15 },
  cdn: { prefetch: 'startup' as const, dailyQuota: 1000, area: 'domestic' as const },
  maxRetries: MEDIA_DEFAULT_RETRIES,
  maxEventAgeSeconds: 86400,
  planner: { memorySize: 1024, cpu: 0.5, timeout: 120, instanceConcurrency: 4 },
  transcoder: { memorySize: 4096, cpu: 2, timeout: 3600, instanceConcurrency: 1, diskSize: 10240 },
  failureHandler: { memorySize: 512, cpu: 0.25, timeout: 60, instanceConcurrency: 1 },
  reaper: { memorySize: 512, cpu: 0.25, timeout: 300, instanceConcurrency: 1 },
  completionNotifier: { memorySize: 256, cpu: 0.25, timeout: 30, instanceConcurrency: 1 },
  reaperSchedule: '@every 30m',
  /** reaperSchedule in seconds. */
  reaperPeriodSeconds: 1800,
  ffmpegLayer: 'acs:fc:${ALIYUN::Region}:official:layers/FFmpeg6x/versions/1',
};
