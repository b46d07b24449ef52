/**
 * A live mic's pictures and sound for its slot: an ffmpeg decoder pulling the mic's stream, scaling to
 * the slot format at the room's frame rate, and writing raw frames and PCM that the feeder takes on its
 * clock. Probing is cut (-fpsprobesize 0) so a mic shows within a second; a stream that stops sending is
 * ended after -rw_timeout (`-timeout` on RTMP means listen, not read: live-iot-facts B3).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { toolPath } from '../../shared/ffmpeg/locate';
import { toolEnv } from '../../shared/ffmpeg/run-tool';
import { AUDIO_CHANNELS, AUDIO_RATE, type SlotFormat } from './compositor';

/** Frames kept at most: beyond, the oldest go (the slot stays live, not late). */
const MAX_FRAMES = 4;

export class SlotSource {
  readonly frameBytes: number;
  private readonly frames: Buffer[] = [];
  private partial = Buffer.alloc(0);
  private audioChunks: Buffer[] = [];
  private audioBytes = 0;
  private readonly child: ChildProcess;
  /** Epoch ms of the last frame decoded (0: none yet). */
  lastFrameAt = 0;
  /** The last frame shown, held while the mic stalls. */
  lastFrame: Buffer | undefined;
  ended = false;

  constructor(
    readonly micId: string,
    url: string,
    format: SlotFormat,
    fps: number,
    private readonly now: () => number,
  ) {
    this.frameBytes = (format.width * format.height * 3) / 2;
    const binary = toolPath('ffmpeg');
    const args = [
      // One decoding thread: a slot-sized stream gains nothing from frame threads, which cost 0.002 vCPU a decoder.
      ...['-hide_banner', '-loglevel', 'error', '-nostdin', '-fpsprobesize', '0', '-rw_timeout', '3000000', '-threads', '1', '-i', url],
      ...['-map', '0:v:0', '-vf', `scale=${format.width}:${format.height},format=yuv420p`, '-r', String(fps), '-f', 'rawvideo', 'pipe:1'],
      ...['-map', '0:a:0', '-af', 'aresample=async=1000', '-ac', String(AUDIO_CHANNELS), '-ar', String(AUDIO_RATE), '-f', 's16le', 'pipe:3'],
    ];
    this.child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'ignore', 'pipe'], env: toolEnv(binary) });
    this.child.stdout?.on('data', (chunk: Buffer) => this.onVideo(chunk));
    (this.child.stdio[3] as NodeJS.ReadableStream).on('data', (chunk: Buffer) => this.onAudio(chunk));
    this.child.on('exit', () => (this.ended = true));
  }

  private onVideo(chunk: Buffer): void {
    let data = this.partial.length > 0 ? Buffer.concat([this.partial, chunk]) : chunk;
    while (data.length >= this.frameBytes) {
      this.frames.push(data.subarray(0, this.frameBytes));
      data = data.subarray(this.frameBytes);
      if (this.frames.length > MAX_FRAMES) this.frames.shift();
      this.lastFrameAt = this.now();
    }
    this.partial = Buffer.from(data);
  }

  private onAudio(chunk: Buffer): void {
    this.audioChunks.push(chunk);
    this.audioBytes += chunk.length;
    // More than half a second waiting: drop the oldest (the decoder ran ahead after a stall).
    const cap = (AUDIO_RATE * AUDIO_CHANNELS * 2) / 2;
    while (this.audioBytes > cap && this.audioChunks.length > 1) this.audioBytes -= this.audioChunks.shift()!.length;
  }

  /** The next frame, or the last one again while none is new. */
  nextFrame(): Buffer | undefined {
    const frame = this.frames.shift();
    if (frame) this.lastFrame = frame;
    return this.lastFrame;
  }

  /** Exactly `bytes` of PCM, silence where the decoder has not delivered. */
  takeAudio(bytes: number): Buffer {
    const out = Buffer.alloc(bytes);
    let filled = 0;
    while (filled < bytes && this.audioChunks.length > 0) {
      const head = this.audioChunks[0];
      const n = Math.min(head.length, bytes - filled);
      head.copy(out, filled, 0, n);
      filled += n;
      if (n === head.length) this.audioChunks.shift();
      else this.audioChunks[0] = head.subarray(n);
      this.audioBytes -= n;
    }
    return out;
  }

  stop(): void {
    this.child.kill('SIGKILL');
  }
}
