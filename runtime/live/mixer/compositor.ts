/**
 * The compositor: one ffmpeg per room, started once, reading a raw video pipe and a PCM pipe per slot
 * (fds 3, 4 for slot 0; 5, 6 for slot 1; …), drawing the planned graph (mixer-plan.ts), encoding H.264 +
 * AAC and pushing FLV to the room's mix stream. Layout changes are filter commands on its stdin
 * (`c`, then `<target> -1 <command> <arg>`): the output never restarts. Two things make that work:
 * ffmpeg turns its stdin commands off when an input is named `pipe:…`, so the slot pipes are opened as
 * `async:pipe:N` (the same pipe behind the async protocol); and a command sent before the graph is
 * configured is dropped without a word, so commands wait for the first progress report (`-progress`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Writable } from 'node:stream';
import { toolPath } from '../../shared/ffmpeg/locate';
import { toolEnv } from '../../shared/ffmpeg/run-tool';
import { commandLine, filterGraph, type FilterCommand, type OutputFormat, type SlotState } from '../mixer-plan';

/** What every slot is fed at: decoders scale to it, the graph scales it to the tile. */
export interface SlotFormat {
  width: number;
  height: number;
}

export const AUDIO_RATE = 48_000;
export const AUDIO_CHANNELS = 2;

/** The encoder's latest `-progress` report: frames put out so far, their rate, and its speed (1 = real time). */
export interface CompositorProgress {
  frame: number;
  fps: number;
  speed: number;
}

export interface Compositor {
  video: Writable[];
  audio: Writable[];
  command(commands: readonly FilterCommand[]): void;
  /** Undefined until ffmpeg's first report (about every 0.5 s). */
  progress(): CompositorProgress | undefined;
  /** Resolves when ffmpeg exits; its stderr tail for the log. */
  exited: Promise<{ code: number | null; stderr: string }>;
  stop(): void;
  /** Ends it at once (its publisher gone from the ingest when this resolves). */
  kill(): Promise<void>;
}

/** `tsOffsetMs`: where the output's timeline starts (a mixer taking over continues its predecessor's). */
export function compositorArgs(output: OutputFormat, slot: SlotFormat, states: readonly SlotState[], pushUrl: string, tsOffsetMs?: number): string[] {
  const inputs = states.flatMap((_, k) => [
    ...['-thread_queue_size', '64', '-f', 'rawvideo', '-pixel_format', 'yuv420p', '-video_size', `${slot.width}x${slot.height}`],
    ...['-framerate', String(output.fps), '-i', `async:pipe:${3 + 2 * k}`],
    ...['-thread_queue_size', '64', '-f', 's16le', '-ar', String(AUDIO_RATE), '-ac', String(AUDIO_CHANNELS), '-i', `async:pipe:${4 + 2 * k}`],
  ]);
  return [
    ...['-hide_banner', '-loglevel', 'error', '-y', '-progress', 'pipe:1', ...inputs],
    ...['-filter_complex', filterGraph(output, states), '-map', '[vout]', '-map', '[aout]'],
    ...['-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'zerolatency', '-g', String(2 * output.fps), '-keyint_min', String(2 * output.fps)],
    ...['-sc_threshold', '0', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '128k', '-ar', String(AUDIO_RATE)],
    ...(tsOffsetMs === undefined ? [] : ['-output_ts_offset', (tsOffsetMs / 1000).toFixed(3)]),
    ...['-f', 'flv', pushUrl],
  ];
}

export function startCompositor(
  output: OutputFormat,
  slot: SlotFormat,
  states: readonly SlotState[],
  pushUrl: string,
  tsOffsetMs?: number,
): Compositor {
  const binary = toolPath('ffmpeg');
  const stdio: Array<'pipe' | 'ignore'> = ['pipe', 'pipe', 'pipe', ...states.flatMap(() => ['pipe', 'pipe'] as const)];
  const child: ChildProcess = spawn(binary, compositorArgs(output, slot, states, pushUrl, tsOffsetMs), { stdio, env: toolEnv(binary) });
  let stderr = '';
  // A compositor that cannot start ends as an exit (the mixer stops and gives the lease back), not an uncaught error.
  child.on('error', (err) => {
    stderr += String(err);
    child.emit('exit', null);
  });
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const pipes = child.stdio.slice(3) as Writable[];
  // A pipe closed under a write (ffmpeg exiting) must not throw in the feeder.
  for (const pipe of pipes) pipe.on('error', () => undefined);
  child.stdin?.on('error', () => undefined);
  let running = false;
  const waiting: FilterCommand[] = [];
  const send = (c: FilterCommand) => child.stdin?.write(`c${commandLine(c).replace(/^(\S+) /, '$1 -1 ')}\n`);
  let latest: CompositorProgress | undefined;
  let report: Record<string, string> = {};
  let partial = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    if (!running) {
      running = true;
      waiting.splice(0).forEach(send);
    }
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      const eq = line.indexOf('=');
      if (eq > 0) report[line.slice(0, eq)] = line.slice(eq + 1).trim();
      // Each report ends with `progress=continue` (or `end`).
      if (line.startsWith('progress=')) {
        latest = { frame: Number(report.frame), fps: Number(report.fps), speed: parseFloat(report.speed) || 0 };
        report = {};
      }
    }
  });
  return {
    video: states.map((_, k) => pipes[2 * k]),
    audio: states.map((_, k) => pipes[2 * k + 1]),
    command(commands) {
      if (running) commands.forEach(send);
      else waiting.push(...commands);
    },
    progress: () => latest,
    exited: new Promise((resolve) => child.on('exit', (code) => resolve({ code, stderr }))),
    stop() {
      for (const pipe of pipes) pipe.end();
      child.stdin?.end();
      setTimeout(() => child.kill('SIGKILL'), 2000).unref();
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) {
        const gone = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGKILL');
        await gone;
      }
    },
  };
}
