/**
 * Where ffmpeg and ffprobe live: `FFMPEG_PATH`/`FFPROBE_PATH` > `/opt/bin/<tool>` (FC's official
 * FFmpeg layer) > the first `<tool>` on PATH > the static build of the npm installer packages.
 * The installers are optional dependencies required lazily: FC bundles mark them external and
 * never reach that branch, because the layer is there.
 */
import { accessSync, constants } from 'node:fs';
import * as path from 'node:path';

export type MediaTool = 'ffmpeg' | 'ffprobe';

const ENV_VARIABLE: Record<MediaTool, string> = { ffmpeg: 'FFMPEG_PATH', ffprobe: 'FFPROBE_PATH' };
const NPM_PACKAGE: Record<MediaTool, string> = { ffmpeg: '@ffmpeg-installer/ffmpeg', ffprobe: '@ffprobe-installer/ffprobe' };
export const FC_LAYER_BIN_DIR = '/opt/bin';

export interface LocateOptions {
  env?: NodeJS.ProcessEnv;
  /** Checks that a file exists and is executable; replaced in tests. */
  isExecutable?: (file: string) => boolean;
  /** Loads an npm installer package; replaced in tests. */
  requireInstaller?: (name: string) => { path: string } | undefined;
}

export class ToolNotFoundError extends Error {
  readonly code = 'ToolNotFound';

  constructor(readonly tool: MediaTool) {
    super(
      `${tool} not found: set ${ENV_VARIABLE[tool]}, attach the FC FFmpeg layer (${FC_LAYER_BIN_DIR}/${tool}), ` +
        `put ${tool} on PATH, or install ${NPM_PACKAGE[tool]}`,
    );
    this.name = 'ToolNotFoundError';
  }
}

export function locateTool(tool: MediaTool, options: LocateOptions = {}): string {
  const env = options.env ?? process.env;
  const isExecutable = options.isExecutable ?? executable;
  const fromEnv = env[ENV_VARIABLE[tool]];
  if (fromEnv) return fromEnv;
  const layer = path.posix.join(FC_LAYER_BIN_DIR, tool);
  if (isExecutable(layer)) return layer;
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, tool))) return path.join(dir, tool);
  }
  const installer = (options.requireInstaller ?? requireInstaller)(NPM_PACKAGE[tool]);
  if (installer?.path) return installer.path;
  throw new ToolNotFoundError(tool);
}

const cache = new Map<MediaTool, string>();

/** locateTool with the process environment, looked up once per container. */
export function toolPath(tool: MediaTool): string {
  let found = cache.get(tool);
  if (!found) {
    found = locateTool(tool);
    cache.set(tool, found);
  }
  return found;
}

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function requireInstaller(name: string): { path: string } | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(name) as { path: string };
  } catch {
    return undefined;
  }
}
