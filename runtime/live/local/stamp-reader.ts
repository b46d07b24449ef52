/**
 * A viewer of the mix that reads stamped mics back from decoded pictures and sound. One ffmpeg pulls the
 * stream and writes luma frames to stdout and mono PCM to fd 3; `showinfo`/`ashowinfo` log each frame's pts
 * on stderr, so frame n on the pipe (and each audio sample) has its position in the output's timeline, the
 * same clock for both. Each frame is stamped with the wall time its last byte arrived, and the stamp in each
 * watched mic's tile is read there and then (frames themselves are not kept: 230 kB each). From that:
 * glass-to-glass (arrival − stamp), when a mic first shows in its tile, and the A/V offset (burst vs flagged
 * frame in the output timeline) with its drift.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';
import { toolPath } from '../../shared/ffmpeg/locate';
import { toolEnv } from '../../shared/ffmpeg/run-tool';
import { tilesFor, type LayoutBox } from '../layouts';
import { avDrift, avOffsets, burstFrequency, findBursts, type AvOffset } from './stamp-audio';
import { readStamp, type Rect, type Stamp } from './stamp-code';

export interface ReadFrame {
  /** Wall-clock ms the frame came out of the decoder. */
  arrivedAt: number;
  /** Its pts in the output's timeline, ms (undefined until its showinfo line is parsed). */
  ptsMs?: number;
  /** Per mic index: its stamp as read in its tile, or undefined (not there, not readable, another mic's). */
  stamps: Map<number, Stamp | undefined>;
}

export interface StampReaderOptions {
  /** The mix's size (the stream's own; frames are cut from the pipe by it). @default 640x360 */
  width?: number;
  height?: number;
}

export class StampReader {
  readonly frames: ReadFrame[] = [];
  private readonly child: ChildProcess;
  private readonly width: number;
  private readonly height: number;
  private readonly tiles = new Map<number, Rect>();
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private readonly videoPts: number[] = [];
  private readonly pcm: Buffer[] = [];
  /** Audio frames as logged: pts (ms) and sample count, in pipe order. */
  private readonly audioFrames: Array<{ ptsMs: number; samples: number; rate: number }> = [];
  /** The last, unfinished line of stderr, and the last lines (for `log`). */
  private partial = '';
  private tail: string[] = [];

  constructor(url: string, options: StampReaderOptions = {}) {
    this.width = options.width ?? 640;
    this.height = options.height ?? 360;
    const binary = toolPath('ffmpeg');
    const args = [
      // info: showinfo logs at that level. One decoder thread: frame threading would hold frames back.
      ...['-hide_banner', '-nostats', '-loglevel', 'info', '-nostdin', '-fflags', 'nobuffer', '-threads', '1', '-i', url],
      ...['-filter_complex', '[0:v:0]format=gray,showinfo[v];[0:a:0]aformat=sample_fmts=s16:channel_layouts=mono,ashowinfo[a]'],
      // passthrough: every filtered frame goes out, none duplicated or dropped, so pipe order = showinfo order.
      ...['-map', '[v]', '-vsync', 'passthrough', '-f', 'rawvideo', '-flush_packets', '1', 'pipe:1'],
      ...['-map', '[a]', '-f', 's16le', '-flush_packets', '1', 'pipe:3'],
    ];
    this.child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe', 'pipe'], env: toolEnv(binary) });
    this.child.stdout!.on('data', (chunk: Buffer) => this.onVideo(chunk));
    (this.child.stdio[3] as Readable).on('data', (chunk: Buffer) => this.pcm.push(chunk));
    this.child.stderr!.on('data', (chunk: Buffer) => this.onLog(chunk.toString()));
  }

  /** Reads mic `mic`'s stamp at `box` of the mix from the next frame on (call it with each layout the mix is told). */
  watch(mic: number, box: LayoutBox): void {
    const [tile] = tilesFor([box], this.width, this.height);
    this.tiles.set(mic, { x: tile.x, y: tile.y, width: tile.width, height: tile.height });
  }

  /**
   * Glass-to-glass samples for `mic`, ms: arrival − stamp, on the first frame showing each stamp (repeats are the mixer
   * holding a frame), of the frames that arrived from `from` (wall ms) on.
   */
  glassToGlass(mic: number, from = 0): number[] {
    const seen = new Set<number>();
    const samples: number[] = [];
    for (const frame of this.frames) {
      if (frame.arrivedAt < from) continue;
      const stamp = frame.stamps.get(mic);
      if (!stamp || seen.has(stamp.ms)) continue;
      seen.add(stamp.ms);
      samples.push(frame.arrivedAt - stamp.ms);
    }
    return samples;
  }

  /** The arrival of the first frame after `after` (wall ms) where `mic`'s stamp reads in its watched tile. */
  firstReadable(mic: number, after: number): number | undefined {
    return this.frames.find((f) => f.arrivedAt >= after && f.stamps.get(mic) !== undefined)?.arrivedAt;
  }

  /** `mic`'s A/V offsets: each burst in the mix's audio against the frame flagged with the same whole second. */
  avOffsets(mic: number): AvOffset[] {
    const flagged = new Map<number, number>();
    for (const frame of this.frames) {
      const stamp = frame.stamps.get(mic);
      if (!stamp?.wholeSecond || frame.ptsMs === undefined) continue;
      const second = Math.floor(stamp.ms / 1000);
      if (!flagged.has(second)) flagged.set(second, frame.ptsMs);
    }
    const pcm = Buffer.concat(this.pcm);
    const samples = new Int16Array(pcm.buffer, pcm.byteOffset, Math.floor(pcm.length / 2));
    const rate = this.audioFrames[0]?.rate ?? 44100;
    const bursts = [0, 1].flatMap((parity) =>
      findBursts(samples, rate, burstFrequency(mic, parity)).flatMap((at) => {
        const atMs = this.audioPts(at);
        return atMs === undefined ? [] : [{ parity, atMs }];
      }),
    );
    return avOffsets(
      [...flagged].map(([second, atMs]) => ({ second, atMs })),
      bursts,
    );
  }

  /** How much `mic`'s A/V offset changed over the run, ms (see avDrift). */
  avDrift(mic: number): number {
    return avDrift(this.avOffsets(mic));
  }

  /** What ffmpeg said last (for a run that got no frames). */
  get log(): string {
    return this.tail.join('\n');
  }

  stop(): void {
    this.child.kill('SIGKILL');
  }

  private onVideo(chunk: Buffer): void {
    const size = this.width * this.height;
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    while (this.pendingBytes >= size) {
      const all = Buffer.concat(this.pending);
      const luma = all.subarray(0, size);
      this.pending = [all.subarray(size)];
      this.pendingBytes = all.length - size;
      const arrivedAt = Date.now();
      const stamps = new Map<number, Stamp | undefined>();
      for (const [mic, rect] of this.tiles) {
        const stamp = readStamp(luma, this.width, rect, arrivedAt);
        stamps.set(mic, stamp?.mic === mic ? stamp : undefined);
      }
      const n = this.frames.length;
      this.frames.push({ arrivedAt, ...(this.videoPts[n] !== undefined ? { ptsMs: this.videoPts[n] } : {}), stamps });
    }
  }

  private onLog(text: string): void {
    const lines = (this.partial + text).split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) {
      const video = /Parsed_showinfo.*\bn:\s*(\d+)\s+pts:\s*-?\d+\s+pts_time:(-?[\d.]+)/.exec(line);
      if (video) {
        const n = Number(video[1]);
        this.videoPts[n] = Number(video[2]) * 1000;
        if (this.frames[n]) this.frames[n].ptsMs = this.videoPts[n];
        continue;
      }
      const audio = /Parsed_ashowinfo.*\bpts_time:(-?[\d.]+).*\brate:(\d+)\s+nb_samples:(\d+)/.exec(line);
      if (audio) this.audioFrames.push({ ptsMs: Number(audio[1]) * 1000, rate: Number(audio[2]), samples: Number(audio[3]) });
      else this.tail = [...this.tail.slice(-19), line];
    }
  }

  /** The output-timeline position (ms) of PCM sample `at`, from the audio frame it falls in. */
  private audioPts(at: number): number | undefined {
    let first = 0;
    for (const frame of this.audioFrames) {
      if (at < first + frame.samples) return frame.ptsMs + ((at - first) * 1000) / frame.rate;
      first += frame.samples;
    }
    return undefined;
  }
}
