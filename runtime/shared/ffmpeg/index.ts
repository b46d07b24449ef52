export { locateTool, toolPath, ToolNotFoundError, FC_LAYER_BIN_DIR, type MediaTool, type LocateOptions } from './locate';
export { runTool, toolEnv, FfmpegError, STDERR_TAIL_BYTES, type ToolOutput } from './run-tool';
export { probe, parseProbeOutput, type ProbeResult } from './probe';

import { toolPath } from './locate';
import { runTool, type ToolOutput } from './run-tool';

/** Runs ffmpeg (located once per container) with an argument list. */
export function runFfmpeg(args: readonly string[]): Promise<ToolOutput> {
  return runTool(toolPath('ffmpeg'), args);
}
