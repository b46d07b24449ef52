/** A synthetic mic: ffmpeg publishing its own colour and tone as H.264 + AAC over RTMP, in real time. */
import { spawn, type ChildProcess } from 'node:child_process';
import { toolPath } from '../../shared/ffmpeg/locate';
import { toolEnv } from '../../shared/ffmpeg/run-tool';

export interface MicPicture {
  /** A flat colour (tiles are told apart by it), or `moving`: ffmpeg's testsrc2, a picture that keeps an encoder busy. */
  color: string;
  /** Hz of its sine. */
  tone: number;
  width?: number;
  height?: number;
  fps?: number;
  /** Stop after this many seconds. @default - until killed */
  seconds?: number;
}

export function syntheticMicArgs(url: string, mic: MicPicture): string[] {
  const { width = 320, height = 180, fps = 25 } = mic;
  return [
    ...['-nostdin', '-loglevel', 'error', '-re'],
    ...[
      '-f',
      'lavfi',
      '-i',
      mic.color === 'moving' ? `testsrc2=s=${width}x${height}:r=${fps}` : `color=c=${mic.color}:s=${width}x${height}:r=${fps}`,
    ],
    ...['-f', 'lavfi', '-i', `sine=frequency=${mic.tone}:sample_rate=44100`],
    ...(mic.seconds === undefined ? [] : ['-t', String(mic.seconds)]),
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-g', String(fps), '-c:a', 'aac', '-f', 'flv', url],
  ];
}

export function syntheticMic(url: string, mic: MicPicture): ChildProcess {
  const binary = toolPath('ffmpeg');
  return spawn(binary, syntheticMicArgs(url, mic), { stdio: 'ignore', env: toolEnv(binary) });
}
