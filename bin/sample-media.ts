/**
 * Tiny test media made with ffmpeg's own generators: a testsrc2 video (H.264, with or without a
 * sine-tone AAC track) and a high-contrast watermark PNG (white with a black border, so it stands
 * out on any frame).
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { runFfmpeg } from '../runtime/shared/ffmpeg';

export interface SampleVideoOptions {
  durationSeconds?: number;
  width?: number;
  height?: number;
  fps?: number;
  audio?: boolean;
}

export async function generateSampleVideo(file: string, options: SampleVideoOptions = {}): Promise<string> {
  const { durationSeconds = 4, width = 640, height = 360, fps = 30, audio = true } = options;
  await fs.mkdir(path.dirname(path.resolve(file)), { recursive: true });
  const args = ['-hide_banner', '-nostdin', '-y', '-v', 'error', '-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}:rate=${fps}:duration=${durationSeconds}`];
  if (audio) args.push('-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${durationSeconds}`);
  args.push('-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-g', String(fps));
  if (audio) args.push('-c:a', 'aac', '-b:a', '64k');
  args.push('-shortest', '-movflags', '+faststart', file);
  await runFfmpeg(args);
  return file;
}

export async function generateWatermark(file: string, width = 160, height = 60): Promise<string> {
  await fs.mkdir(path.dirname(path.resolve(file)), { recursive: true });
  await runFfmpeg([
    '-hide_banner', '-nostdin', '-y', '-v', 'error',
    '-f', 'lavfi', '-i', `color=c=white:size=${width}x${height}`,
    '-frames:v', '1',
    '-vf', `drawbox=x=0:y=0:w=iw:h=ih:color=black:t=${Math.max(2, Math.round(height / 10))}`,
    file,
  ]);
  return file;
}
