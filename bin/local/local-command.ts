/**
 * `fc-solution-constructs local <media|dispatch|iot|live>`: a pattern's functions on this machine, with the
 * settings the user's own synthesized template deploys (synthesized-patterns.ts), on the local adapters.
 * media runs the pipeline on one file and prints its progress and what it produced; the others serve their
 * APIs on a loopback port until Ctrl-C, then print what they answered. Exit codes: 0 done (or stopped with
 * Ctrl-C), 1 the media run failed its checks, 2 a usage error (no assembly, no such construct, no ffmpeg).
 *
 * The package ships this as one bundle (dist/local/local-cli.js, built by bin/build-local-cli.ts): the user's
 * app installs nothing for it but ffmpeg, and only for media runs.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDispatchSettings } from '../../runtime/dispatch/load-settings';
import { parseIotSettings } from '../../runtime/iot/load-settings';
import { parseLiveSettings } from '../../runtime/live/load-settings';
import { parseMediaSettings } from '../../runtime/media/load-settings';
import { locateTool, ToolNotFoundError } from '../../runtime/shared/ffmpeg/locate';
import { formatMediaReport, freshMediaWorkDir, runMediaLocally } from '../media-local';
import { mediaProgress } from './media-progress';
import { serveDispatch, serveIot, serveLive, type ServedApi, type ServeOptions } from './serve-apis';
import {
  choosePattern,
  findSynthesizedPatterns,
  LocalUsageError,
  PATTERN_KINDS,
  type PatternKind,
  type SynthesizedPattern,
} from './synthesized-patterns';

export const LOCAL_USAGE = `Usage: fc-solution-constructs local <pattern> [options]

Runs a pattern's functions on this machine with the settings your synthesized template deploys
(its functions' *_SETTINGS variables), on embedded storage. Synthesize your app first.

Patterns:
  media <file>   the MediaPipeline on one video file: its progress, renditions, thumbnails and outputs
  dispatch       the DispatchSystem API on a loopback port, until Ctrl-C
  iot            the IotIngest content and device APIs on a loopback port, until Ctrl-C
  live           the LiveMuxCluster room API on a loopback port, until Ctrl-C

Options:
  --assembly <dir>    the synthesized assembly (default: cdk.out)
  --construct <path>  which construct, when the assembly has several of the pattern (its path or id)
  --port <n>          the API port (default: 0, a free one)
  --out <dir>         where a media run keeps its buckets and outputs (default: .fsc-local)
  --verbose           print the functions' own log lines
  -h, --help          this text

A media run needs ffmpeg and ffprobe: FFMPEG_PATH/FFPROBE_PATH, on PATH (Debian/Ubuntu: apt-get install
ffmpeg; macOS: brew install ffmpeg), or the static builds in your app
(npm install --save-dev @ffmpeg-installer/ffmpeg @ffprobe-installer/ffprobe).

Exit codes: 0 done or stopped with Ctrl-C, 1 the media run failed its checks (or the pipeline would ignore the
file), 2 a usage error.`;

export interface LocalIo {
  out(line: string): void;
  err(line: string): void;
  /** Resolves when the user stops a served API (the CLI: SIGINT or SIGTERM). */
  stopped: Promise<unknown>;
}

interface Options {
  kind: PatternKind;
  file?: string;
  assembly: string;
  construct?: string;
  port: number;
  out: string;
  verbose: boolean;
}

export async function runLocalCommand(args: readonly string[], io: LocalIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.out(LOCAL_USAGE);
    return 0;
  }
  try {
    const options = parseArgs(args);
    const pattern = choosePattern(findSynthesizedPatterns(options.assembly), options.kind, options.construct, options.assembly);
    io.out(`${pattern.path}: settings from ${path.join(options.assembly, pattern.template)} (${pattern.functions.length} functions)`);
    if (options.kind === 'media') return await runMedia(pattern, options, io);
    return await serve(pattern, options, io);
  } catch (e) {
    if (!(e instanceof LocalUsageError)) throw e;
    io.err(`local: ${e.message}`);
    return 2;
  }
}

function parseArgs(args: readonly string[]): Options {
  const [kind, ...rest] = args;
  if (!PATTERN_KINDS.includes(kind as PatternKind)) {
    throw new LocalUsageError(
      `${kind === undefined ? 'no pattern given' : `unknown pattern ${JSON.stringify(kind)}`}: use ${PATTERN_KINDS.join(', ')}\n\n${LOCAL_USAGE}`,
    );
  }
  const options: Options = { kind: kind as PatternKind, assembly: 'cdk.out', port: 0, out: '.fsc-local', verbose: false };
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const value = () => {
      const v = rest[++i];
      if (v === undefined || v.startsWith('--')) throw new LocalUsageError(`${arg} needs a value`);
      return v;
    };
    if (arg === '--assembly') options.assembly = value();
    else if (arg === '--construct') options.construct = value();
    else if (arg === '--out') options.out = value();
    else if (arg === '--verbose') options.verbose = true;
    else if (arg === '--port') {
      const port = value();
      options.port = Number(port);
      if (!/^\d+$/.test(port) || options.port > 65535) throw new LocalUsageError(`--port ${port}: expected a port number 0-65535`);
    } else if (arg.startsWith('-')) throw new LocalUsageError(`unknown option ${arg}\n\n${LOCAL_USAGE}`);
    else positional.push(arg);
  }
  if (options.kind === 'media') {
    if (positional.length !== 1) throw new LocalUsageError(`local media takes one video file, got ${positional.length}\n\n${LOCAL_USAGE}`);
    options.file = positional[0];
    if (!fs.existsSync(options.file)) throw new LocalUsageError(`no such file: ${options.file}`);
  } else if (positional.length > 0) {
    throw new LocalUsageError(`local ${options.kind} takes no file, got ${positional.join(' ')}`);
  }
  return options;
}

async function runMedia(pattern: SynthesizedPattern, options: Options, io: LocalIo): Promise<number> {
  const settings = parseMediaSettings(pattern.settingsJson);
  const tools = mediaTools();
  const file = options.file!;
  const workDir = freshMediaWorkDir(options.out, pattern.path, file);
  io.out(`running the media pipeline on ${file} with ${tools.ffmpeg}; buckets and outputs under ${workDir}`);
  io.out(`ladder ${settings.ladder.map((r) => r.name).join(', ')}, ${settings.packaging}, outputs under ${settings.outputPrefix}`);
  const progress = mediaProgress(io.out);
  try {
    const report = await runMediaLocally({
      file,
      workDir,
      settings,
      log: (line) => {
        if (options.verbose) io.err(line);
        progress.log(line);
      },
    });
    io.out(formatMediaReport(report));
    io.out(`the buckets are folders: ${path.join(workDir, 'buckets')}`);
    return report.ok ? 0 : 1;
  } finally {
    progress.stop();
  }
}

/** Found before anything runs, so a missing ffmpeg is one clear message, not a failed job. */
function mediaTools(): { ffmpeg: string; ffprobe: string } {
  try {
    return { ffmpeg: locateTool('ffmpeg'), ffprobe: locateTool('ffprobe') };
  } catch (e) {
    if (!(e instanceof ToolNotFoundError)) throw e;
    throw new LocalUsageError(
      `${e.tool} not found. A local media run needs ffmpeg and ffprobe: set FFMPEG_PATH and FFPROBE_PATH, put them on PATH ` +
        '(apt-get install ffmpeg on Debian/Ubuntu, brew install ffmpeg on macOS), or add the static builds to your app: ' +
        'npm install --save-dev @ffmpeg-installer/ffmpeg @ffprobe-installer/ffprobe',
    );
  }
}

const SERVERS: Record<Exclude<PatternKind, 'media'>, (json: string, options: ServeOptions) => Promise<ServedApi>> = {
  dispatch: (json, o) => serveDispatch(parseDispatchSettings(json), o),
  iot: (json, o) => serveIot(parseIotSettings(json), o),
  live: (json, o) => serveLive(parseLiveSettings(json), o),
};

async function serve(pattern: SynthesizedPattern, options: Options, io: LocalIo): Promise<number> {
  let api: ServedApi;
  try {
    api = await SERVERS[options.kind as Exclude<PatternKind, 'media'>](pattern.settingsJson, {
      port: options.port,
      onAnswer: io.out,
      ...(options.verbose ? { log: io.err } : {}),
    });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new LocalUsageError(`port ${options.port} is in use: choose another with --port, or --port 0 for a free one`);
    }
    throw e;
  }
  io.out(`serving on ${api.url} until Ctrl-C:`);
  const width = Math.max(...api.routes.map((r) => r.path.length));
  for (const r of api.routes) io.out(`  ${r.method.padEnd(6)} ${api.url}${r.path.padEnd(width)}  ${r.description}`);
  for (const note of api.notes) io.out(`note: ${note}`);
  await io.stopped;
  await api.close();
  io.out('stopped.');
  for (const line of api.summary()) io.out(line);
  return 0;
}
