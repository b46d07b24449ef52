/**
 * A live mic's decoder: an ffmpeg pulling the mic's stream, scaling to the slot format at the room's frame rate, and
 * writing raw frames and PCM into the slot's buffer (slot-buffer.ts), which the feeder reads on its clock. Probing is
 * cut (-fpsprobesize 0) so a mic shows within a second; a stream that stops sending is ended after -rw_timeout
 * (`-timeout` on RTMP means listen, not read: live-iot-facts B3).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { toolPath } from '../../shared/ffmpeg/locate';
import { toolEnv } from '../../shared/ffmpeg/run-tool';
import { AUDIO_CHANNELS, AUDIO_RATE, type SlotFormat } from './compositor';
import { SlotBuffer } from './slot-buffer';

export class SlotSource {
  readonly buffer: SlotBuffer;
  private readonly child: ChildProcess;
  /** Epoch ms of the last frame decoded (0: none yet). */
  lastFrameAt = 0;
  /** Epoch ms the decoder was started. */
  readonly startedAt: number;
  ended = false;

  constructor(
    readonly micId: string,
    url: string,
    format: SlotFormat,
    fps: number,
    private readonly now: () => number,
  ) {
    this.buffer = new SlotBuffer((format.width * format.height * 3) / 2, 2 * AUDIO_CHANNELS, AUDIO_RATE, fps);
    this.startedAt = now();
    const binary = toolPath('ffmpeg');
    const args = [
      // One decoding thread: a slot-sized stream gains nothing from frame threads, which cost 0.002 vCPU a decoder.
      ...['-hide_banner', '-loglevel', 'error', '-nostdin', '-fpsprobesize', '0', '-rw_timeout', '3000000', '-threads', '1', '-i', url],
      // Constant-rate video and audio from the same origin: frame n goes with sample n·rate/fps (slot-buffer.ts).
      ...['-map', '0:v:0', '-vf', `scale=${format.width}:${format.height},format=yuv420p`, '-r', String(fps), '-vsync', 'cfr'],
      ...['-f', 'rawvideo', 'pipe:1'],
      ...['-map', '0:a:0', '-af', 'aresample=async=1000:first_pts=0', '-ac', String(AUDIO_CHANNELS), '-ar', String(AUDIO_RATE)],
      ...['-f', 's16le', 'pipe:3'],
    ];
    this.child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'ignore', 'pipe'], env: toolEnv(binary) });
    this.child.stdout?.on('data', (chunk: Buffer) => {
      if (this.buffer.pushVideo(chunk) > 0) this.lastFrameAt = this.now();
    });
    (this.child.stdio[3] as NodeJS.ReadableStream).on('data', (chunk: Buffer) => this.buffer.pushAudio(chunk));
    this.child.on('exit', () => (this.ended = true));
    // A decoder that cannot start (no ffmpeg, too many processes) ends its slot, never the mixer.
    this.child.on('error', () => (this.ended = true));
  }

  stop(): void {
    this.child.kill('SIGKILL');
  }
}
