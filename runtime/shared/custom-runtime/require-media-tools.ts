/**
 * The cold-start check of the functions that run ffmpeg: both tools must be there before the
 * first event is accepted, so a missing layer is one clear error at start, not a failed job later.
 * FFmpeg6x unpacks its binaries to /opt/bin (awesome-fc/awesome-layers@7c90851 docs/FFmpeg6x/README.md).
 */
import { locateTool } from '../ffmpeg/locate';

export function requireMediaTools(env: NodeJS.ProcessEnv = process.env): void {
  const missing: string[] = [];
  for (const tool of ['ffmpeg', 'ffprobe'] as const) {
    try {
      locateTool(tool, { env });
    } catch (err) {
      missing.push((err as Error).message);
    }
  }
  if (missing.length > 0) throw Object.assign(new Error(missing.join('; ')), { name: 'MediaToolsMissing', code: 'ToolNotFound' });
}
