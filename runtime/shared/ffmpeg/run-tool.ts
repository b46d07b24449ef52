/** Runs ffmpeg/ffprobe without a shell, keeping stdout and the tail of stderr. */
import { spawn } from 'node:child_process';

/** How much of stderr an error keeps: ffmpeg prints the cause last, after pages of banner and progress. */
export const STDERR_TAIL_BYTES = 4000;

/** How a run ended: an exit code, a signal, or neither (the tool did not start). */
export interface ToolExit {
  exitCode?: number;
  signal?: NodeJS.Signals;
}

export class FfmpegError extends Error {
  readonly code = 'FfmpegFailed';
  /** Exit code, or undefined when killed by a signal or not started. */
  readonly exitCode: number | undefined;
  readonly signal: NodeJS.Signals | undefined;

  constructor(
    readonly binary: string,
    readonly args: readonly string[],
    exit: ToolExit,
    readonly stderrTail: string,
    cause?: string,
  ) {
    const how = cause ?? (exit.signal ? `signal ${exit.signal}` : `exit ${exit.exitCode}`);
    super(`${binaryName(binary)} failed (${how}): ${lastLines(stderrTail, 3)}`);
    this.name = 'FfmpegError';
    this.exitCode = exit.exitCode;
    this.signal = exit.signal;
  }
}

export interface ToolOutput {
  stdout: Buffer;
  stderrTail: string;
}

/**
 * The static builds the npm installers ship link glibc statically; when a file makes them convert
 * a charset (MPEG-TS service names do), they load the host's gconv modules, built for another
 * glibc, and crash (SIGSEGV seen with @ffprobe-installer on any .ts). Pointing GCONV_PATH at a
 * folder that does not exist makes the conversion fail softly instead.
 */
export function toolEnv(binary: string, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return /[\\/]@ff(mpeg|probe)-installer[\\/]/.test(binary) ? { ...env, GCONV_PATH: '/nonexistent-gconv' } : env;
}

export function runTool(binary: string, args: readonly string[]): Promise<ToolOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], env: toolEnv(binary) });
    const stdout: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_TAIL_BYTES);
    });
    child.on('error', (err) => reject(new FfmpegError(binary, args, {}, stderr, err.message)));
    child.on('close', (code, signal) => {
      if (code === 0) resolve({ stdout: Buffer.concat(stdout), stderrTail: stderr });
      else reject(new FfmpegError(binary, args, { ...(code !== null ? { exitCode: code } : {}), ...(signal ? { signal } : {}) }, stderr));
    });
  });
}

function binaryName(binary: string): string {
  return binary.split(/[\\/]/).pop() ?? binary;
}

function lastLines(text: string, count: number): string {
  return text.trim().split(/\r?\n/).slice(-count).join(' | ');
}
