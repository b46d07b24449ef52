/** The clips the media scenarios upload, generated once per test file and reused by every run. */
import { mkdtempSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateSampleVideo } from '../../../bin/sample-media';
import { notVideos } from '../../runtime/media/media-fixtures';

export interface Clips {
  /** 1 s, 160x90, with a tone. */
  withAudio: string;
  /** The same picture without audio: a re-upload whose outputs tell which version they came from. */
  silent: string;
  /** Bytes of no container, named .mp4. */
  corrupt: string;
  /** 3 s, 160x90, with a tone, a key frame every second: long enough to be cut into chunks (CHUNKED_SETTINGS). */
  long: string;
  /** The same without audio: a chunked re-upload. */
  longSilent: string;
}

let made: Promise<Clips> | undefined;

async function make(): Promise<Clips> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'faults-media-clips-'));
  const tiny = (name: string, audio: boolean, durationSeconds = 1) =>
    generateSampleVideo(path.join(dir, name), { durationSeconds, width: 160, height: 90, fps: 10, audio });
  const [withAudio, silent, { arbitraryBytes }, long, longSilent] = await Promise.all([
    tiny('tone.mp4', true),
    tiny('silent.mp4', false),
    notVideos(dir),
    tiny('long.mp4', true, 3),
    tiny('long-silent.mp4', false, 3),
  ]);
  return { withAudio, silent, corrupt: arbitraryBytes, long, longSilent };
}

export function clips(): Promise<Clips> {
  made ??= make();
  return made;
}
