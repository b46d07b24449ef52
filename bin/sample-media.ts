/**
 * Tiny test media made with ffmpeg's own generators: a testsrc2 video (H.264, with or without a
 * sine-tone AAC track), the same video stored rotated the way phones store portrait video, and a
 * high-contrast watermark PNG (white with a black border, so it stands out on any frame).
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { probe, runFfmpeg } from '../runtime/shared/ffmpeg';
import { QUIET_ARGS } from '../runtime/shared/ffmpeg/args';

export interface SampleVideoOptions {
  durationSeconds?: number;
  width?: number;
  height?: number;
  fps?: number;
  audio?: boolean;
  /** Seconds between key frames (default 1), e.g. 1.6 for cuts that fall off the HLS segment grid. */
  keyframeSeconds?: number;
}

export async function generateSampleVideo(file: string, options: SampleVideoOptions = {}): Promise<string> {
  const { durationSeconds = 4, width = 640, height = 360, fps = 30, audio = true, keyframeSeconds = 1 } = options;
  await fs.mkdir(path.dirname(path.resolve(file)), { recursive: true });
  const args = [...QUIET_ARGS, '-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}:rate=${fps}:duration=${durationSeconds}`];
  if (audio) args.push('-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${durationSeconds}`);
  args.push('-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-g', String(Math.round(fps * keyframeSeconds)));
  if (audio) args.push('-c:a', 'aac', '-b:a', '64k');
  args.push('-shortest', '-movflags', '+faststart', file);
  await runFfmpeg(args);
  return file;
}

/**
 * Ways to store a clockwise rotation without re-encoding, tried in order until ffprobe reads the
 * rotation back: ffmpeg ≥ 6 has `-display_rotation` (counter-clockwise degrees) and ignores the
 * `rotate` tag; older ffmpeg rejects that option and writes the tag, but the 4.x static build of
 * @ffmpeg-installer writes it mirrored (rotate=90 reads back as 270), hence the last way.
 */
const ROTATION_WAYS: ReadonlyArray<(clockwise: number) => { input: string[]; output: string[] }> = [
  (cw) => ({ input: ['-display_rotation', String(-cw)], output: [] }),
  (cw) => ({ input: [], output: ['-metadata:s:v:0', `rotate=${cw}`] }),
  (cw) => ({ input: [], output: ['-metadata:s:v:0', `rotate=${(360 - cw) % 360}`] }),
];

/** `source` copied to `file` with a display rotation of `clockwise` degrees (90, 180 or 270), as a phone stores it. */
export async function generateRotatedVideo(source: string, file: string, clockwise: number): Promise<string> {
  for (const way of ROTATION_WAYS) {
    const { input, output } = way(clockwise);
    try {
      await runFfmpeg([...QUIET_ARGS, ...input, '-i', source, '-c', 'copy', ...output, file]);
    } catch {
      continue;
    }
    if ((await probe(file)).rotation === clockwise) return file;
  }
  throw new Error(`this ffmpeg wrote no ${clockwise}° rotation that ffprobe reads back`);
}

export async function generateWatermark(file: string, width = 160, height = 60): Promise<string> {
  await fs.mkdir(path.dirname(path.resolve(file)), { recursive: true });
  await runFfmpeg([
    ...QUIET_ARGS,
    '-f', 'lavfi', '-i', `color=c=white:size=${width}x${height}`,
    '-frames:v', '1',
    '-vf', `drawbox=x=0:y=0:w=iw:h=ih:color=black:t=${Math.max(2, Math.round(height / 10))}`,
    file,
  ]);
  return file;
}
