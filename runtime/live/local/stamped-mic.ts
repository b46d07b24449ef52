/**
 * A synthetic mic whose pictures and sound Node makes, so each one can carry what a viewer of the mix must
 * read back: its index and wall clock as a block stamp (stamp-code.ts) and a burst with the first frame of
 * every whole second (stamp-audio.ts). Frames are yuv420p over a colour of the mic's own with a few moving
 * boxes (a still picture would leave the encoder idle), written with their audio to an ffmpeg that encodes
 * them as ultrafast zero-latency H.264 + AAC and publishes FLV. Node paces the run: frame n (and its
 * 1/fps of audio) is written at start + n/fps and stamped with that time, so a frame's stamp is when it was
 * "taken", and frame and burst sit at the same place of the encoder's input timeline.
 */
import { spawn } from 'node:child_process';
import type { Writable } from 'node:stream';
import { toolPath } from '../../shared/ffmpeg/locate';
import { toolEnv } from '../../shared/ffmpeg/run-tool';
import { paintStamp, type Stamp } from './stamp-code';
import { micAudio, SAMPLE_RATE } from './stamp-audio';

export interface StampedMicOptions {
  /** 0-15: the stamp names it, and its burst frequency follows from it. */
  index: number;
  /** Hz of its tone (keep it under 1.5 kHz, clear of the burst frequencies). */
  tone: number;
  width?: number;
  height?: number;
  fps?: number;
}

export interface StampedMic {
  stop(): void;
  /** Wall-clock ms frame 0 was written (the stamp of frame n is this + n/fps); undefined until ffmpeg has spawned. */
  readonly firstFrameAt: number | undefined;
}

/** Background colours as [Y, U, V], one per mic index (cycling). */
const COLOURS: Array<[number, number, number]> = [
  [81, 90, 240], // red
  [41, 240, 110], // blue
  [145, 54, 34], // green
  [210, 16, 146], // yellow
  [106, 202, 222], // magenta
  [170, 166, 16], // cyan
];

export function stampedMic(url: string, options: StampedMicOptions): StampedMic {
  const { index, tone, width = 320, height = 180, fps = 25 } = options;
  const binary = toolPath('ffmpeg');
  const args = [
    ...['-nostdin', '-loglevel', 'error'],
    ...['-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-s', `${width}x${height}`, '-r', String(fps), '-i', 'pipe:0'],
    ...['-f', 's16le', '-ar', String(SAMPLE_RATE), '-ac', '1', '-i', 'pipe:3'],
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-g', String(fps), '-pix_fmt', 'yuv420p'],
    ...['-c:a', 'aac', '-f', 'flv', url],
  ];
  const child = spawn(binary, args, { stdio: ['pipe', 'ignore', 'ignore', 'pipe'], env: toolEnv(binary) });
  const video = child.stdin!;
  const audio = child.stdio[3] as Writable;
  // The encoder may exit (killed, refused by the ingest) while frames are on their way: not this process's error.
  for (const pipe of [video, audio]) pipe.on('error', () => undefined);

  let start: number | undefined;
  let next = 0;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const frameAt = (n: number) => start! + (n * 1000) / fps;
  const write = (n: number) => {
    const ms = Math.round(frameAt(n));
    const wholeSecond = n > 0 && Math.floor(ms / 1000) > Math.floor(Math.round(frameAt(n - 1)) / 1000);
    video.write(picture(index, width, height, n, { mic: index, ms, wholeSecond }));
    const from = Math.round((n * SAMPLE_RATE) / fps);
    const to = Math.round(((n + 1) * SAMPLE_RATE) / fps);
    audio.write(micAudio(from, to, tone, wholeSecond ? { mic: index, second: Math.floor(ms / 1000) } : undefined));
  };
  const tick = () => {
    // Catch up on any frames a late timer missed, so the stream keeps its rate.
    while (frameAt(next) <= Date.now()) write(next++);
    timer = setTimeout(tick, Math.max(0, frameAt(next) - Date.now()));
  };
  child.once('spawn', () => {
    if (stopped) return;
    start = Date.now();
    tick();
  });
  const stop = () => {
    stopped = true;
    clearTimeout(timer);
    child.kill('SIGKILL');
  };
  child.once('exit', () => {
    stopped = true;
    clearTimeout(timer);
  });
  return {
    stop,
    get firstFrameAt() {
      return start;
    },
  };
}

/** Frame n of mic `index`: its colour, three boxes moving at different speeds below the stamp, the stamp on top. */
function picture(index: number, width: number, height: number, n: number, stamp: Stamp): Buffer {
  const [y, u, v] = COLOURS[index % COLOURS.length];
  const lumaSize = width * height;
  const chromaSize = lumaSize / 4;
  const frame = Buffer.alloc(lumaSize + 2 * chromaSize);
  frame.fill(y, 0, lumaSize);
  frame.fill(u, lumaSize, lumaSize + chromaSize);
  frame.fill(v, lumaSize + chromaSize);
  const side = 2 * Math.round(height / 16);
  const top = Math.ceil(height / 4) + 4;
  [3, 5, 8].forEach((speed, k) => {
    const span = width - side;
    const phase = (n * speed) % (2 * span);
    const x = phase < span ? phase : 2 * span - phase;
    const boxY = top + k * (side + 8) + ((n * k) % 16);
    const luma = [235, 16, 128][k];
    for (let row = boxY; row < Math.min(height, boxY + side); row++) frame.fill(luma, row * width + x, row * width + x + side);
  });
  paintStamp(frame, width, height, stamp);
  return frame;
}
