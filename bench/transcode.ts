/**
 * Ladder transcode speed as a multiple of real time: a generated 10 s 720p30 clip, transcoded one
 * rung at a time with the transcoder's own argument builders (runtime/media/transcode.ts) and
 * ffmpeg found by the runtime's own locator, as the transcoder function runs them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_LADDER, MEDIA_DEFAULTS } from '../constructs/media-pipeline/defaults';
import { planRenditions } from '../runtime/media/ladder';
import { PLAYLIST_FILE } from '../runtime/media/outputs';
import { segmentPattern } from '../runtime/media/segment-names';
import { hlsRenditionArgs } from '../runtime/media/transcode';
import { probe, runFfmpeg, toolPath } from '../runtime/shared/ffmpeg';
import { Figure, formatMs, removeDir, tempDir, timeMsAsync } from './stats';

export const CLIP = { seconds: 10, width: 1280, height: 720, fps: 30 };

/**
 * A test clip: ffmpeg's testsrc2 pattern with a 440 Hz tone, H.264 + AAC in MP4; with `grain`, temporal noise over
 * the pattern (detail x264 has to spend bits and time on, unlike a flat pattern); `keyframeSeconds` apart (x264's
 * default otherwise: at most 250 frames).
 */
export function testClipArgs(file: string, clip = CLIP, options: { grain?: boolean; videoKbps?: number; keyframeSeconds?: number } = {}): string[] {
  const { seconds, width, height, fps } = clip;
  const noise = options.grain ? ',noise=alls=24:allf=t+u' : '';
  return [
    '-hide_banner', '-nostdin', '-y', '-v', 'error',
    '-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}:rate=${fps}:duration=${seconds}${noise}`,
    '-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${seconds}`,
    '-map', '0:v', '-map', '1:a',
    '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-b:v', `${options.videoKbps ?? 5000}k`,
    ...(options.keyframeSeconds ? ['-g', String(Math.round(fps * options.keyframeSeconds))] : []),
    '-c:a', 'aac', '-b:a', '128k',
    '-shortest', file,
  ];
}

export async function benchTranscode(): Promise<Figure[]> {
  const work = tempDir('transcode');
  try {
    const clip = path.join(work, 'clip.mp4');
    await runFfmpeg(testClipArgs(clip));
    const source = await probe(clip);
    // The default packaging (HLS) with the default segment length; no watermark, the default.
    const renditions = planRenditions(DEFAULT_LADDER, source);
    const figures: Figure[] = [];
    let totalMs = 0;
    for (const rendition of renditions) {
      const dir = path.join(work, rendition.name);
      fs.mkdirSync(dir);
      const args = hlsRenditionArgs({ input: clip, renditions: [rendition], hasAudio: source.hasAudio }, [
        {
          segmentSeconds: MEDIA_DEFAULTS.segmentSeconds,
          playlistFile: path.join(dir, PLAYLIST_FILE),
          segmentPattern: path.join(dir, segmentPattern('bench')),
        },
      ]);
      const { ms } = await timeMsAsync(() => runFfmpeg(args));
      totalMs += ms;
      figures.push({
        measure: `transcode rung ${rendition.name}`,
        value: `${speed(source.durationSeconds, ms)}x`,
        target: '-',
        note:
          `${rendition.width}x${rendition.height}@${rendition.fps} ${rendition.videoBitrate}k; ` +
          `${formatMs(ms)} for ${source.durationSeconds.toFixed(1)} s`,
      });
    }
    figures.push({
      measure: `transcode ladder total (${renditions.length} rungs)`,
      value: `${speed(source.durationSeconds, totalMs)}x`,
      target: '-',
      note: `source seconds / wall seconds of all rungs, one after another; ${formatMs(totalMs)}; ffmpeg ${toolPath('ffmpeg')}`,
    });
    return figures;
  } finally {
    removeDir(work);
  }
}

function speed(mediaSeconds: number, wallMs: number): string {
  return (mediaSeconds / (wallMs / 1000)).toFixed(2);
}
