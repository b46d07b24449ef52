/**
 * A viewer of the mix on a laptop: ffmpeg pulling the stream and reporting every video packet as it
 * arrives (`-c copy -f framecrc`: no decode), so a run can tell how long the output ever stopped.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { toolPath } from '../../shared/ffmpeg/locate';
import { toolEnv } from '../../shared/ffmpeg/run-tool';

export interface ViewedPacket {
  /** Wall-clock ms it arrived. */
  at: number;
  /** Its dts in ms. */
  dts: number;
}

export class Viewer {
  readonly packets: ViewedPacket[] = [];
  private readonly child: ChildProcess;
  private buffer = '';

  constructor(url: string) {
    const binary = toolPath('ffmpeg');
    const args = [
      '-hide_banner',
      '-loglevel',
      'error',
      '-nostdin',
      // The stream's own timestamps, not shifted to start at 0: a viewer reconnecting after a handover sees the timeline go on.
      '-copyts',
      '-i',
      url,
      '-map',
      '0:v:0',
      '-c',
      'copy',
      '-flush_packets',
      '1',
      '-f',
      'framecrc',
      'pipe:1',
    ];
    this.child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'ignore'], env: toolEnv(binary) });
    this.child.stdout?.on('data', (chunk: Buffer) => this.onData(chunk.toString()));
  }

  private onData(text: string): void {
    this.buffer += text;
    for (let i = this.buffer.indexOf('\n'); i >= 0; i = this.buffer.indexOf('\n')) {
      const line = this.buffer.slice(0, i);
      this.buffer = this.buffer.slice(i + 1);
      if (line.startsWith('#')) continue;
      const fields = line.split(',').map((f) => f.trim());
      if (fields.length >= 5) this.packets.push({ at: Date.now(), dts: Number(fields[1]) });
    }
  }

  /** The longest wait between two packets arriving within [from, to] (wall-clock ms). */
  longestStall(from: number, to: number): number {
    const inside = this.packets.filter((p) => p.at >= from && p.at <= to);
    let longest = 0;
    for (let i = 1; i < inside.length; i++) longest = Math.max(longest, inside[i].at - inside[i - 1].at);
    return longest;
  }

  /** The largest step between consecutive dts values (a gap in the output's own timeline). */
  largestDtsStep(): number {
    let largest = 0;
    for (let i = 1; i < this.packets.length; i++) largest = Math.max(largest, this.packets[i].dts - this.packets[i - 1].dts);
    return largest;
  }

  stop(): void {
    this.child.kill('SIGKILL');
  }
}
