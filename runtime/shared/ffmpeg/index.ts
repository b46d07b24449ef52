export { locateTool, toolPath, ToolNotFoundError, FC_LAYER_BIN_DIR, type MediaTool, type LocateOptions } from './locate';
export { runTool, toolEnv, FfmpegError, STDERR_TAIL_BYTES, type ToolExit, type ToolOutput } from './run-tool';
export { ffprobeJson, probe, probeJson, parseProbeOutput, type ProbeJson, type ProbeResult, type ProbeStream } from './probe';
export { NotAVideoError } from './not-a-video-error';
export { keyframesAtOrBefore, keyframeMicros } from './keyframes';
export { classifyMediaFailure, PERMANENT_STDERR, TRANSIENT_STDERR, type MediaFailureKind } from './failure-kind';

import { toolPath } from './locate';
import { runTool, type ToolOutput } from './run-tool';

/** Runs ffmpeg (located once per container) with an argument list. */
export function runFfmpeg(args: readonly string[]): Promise<ToolOutput> {
  return runTool(toolPath('ffmpeg'), args);
}
