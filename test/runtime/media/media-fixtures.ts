/** Shared set-up of the media tests: tiny clips, small settings, counting stores, official OSS samples. */
import { mkdtempSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateRotatedVideo, generateSampleVideo, generateWatermark } from '../../../bin/sample-media';
import type { MediaDeps } from '../../../runtime/media/deps';
import { LOCAL_FUNCTIONS, type LocalPipeline } from '../../../runtime/media/local-pipeline';
import { eventETag, ossEventFromSample } from '../../../runtime/shared/local/oss-event-from-sample';
import type { MediaSettings } from '../../../runtime/media/settings';
import type { EventHandler } from '../../../runtime/shared/context';
import type { ObjectStore } from '../../../runtime/shared/ports';

export const FIXTURES = path.resolve(__dirname, '../../fixtures/events');
export const OSS_SAMPLE = path.join(FIXTURES, 'oss-object-created.json');
export const OSS_SAMPLE_OBJECTMETA = path.join(FIXTURES, 'oss-object-created-objectmeta.json');

export const tmpWorkDir = (name: string) => mkdtempSync(path.join(os.tmpdir(), `media-${name}-`));

export const TINY_SETTINGS: MediaSettings = {
  inputPrefix: 'uploads/',
  inputSuffixes: ['.mp4', '.mov'],
  outputPrefix: 'processed/',
  ladder: [
    { name: '180p', height: 180, videoBitrate: 300, audioBitrate: 64 },
    { name: '120p', height: 120, videoBitrate: 150, audioBitrate: 48 },
    { name: '720p', height: 720, videoBitrate: 3000, audioBitrate: 128 },
  ],
  packaging: 'hls',
  segmentSeconds: 2,
  thumbnails: { count: 2, width: 80 },
  stageDeadlineSeconds: 26 * 3600,
};

/** 1.5 s, 320x180, with a sine tone unless audio is false. */
export function tinyClip(dir: string, name = 'clip.mp4', audio = true): Promise<string> {
  return generateSampleVideo(path.join(dir, name), { durationSeconds: 1.5, width: 320, height: 180, fps: 15, audio });
}

/** 2 s, 180x320 stored upright (a portrait clip as a screen recorder makes it), silent. */
export function portraitClip(dir: string, name = 'portrait.mp4'): Promise<string> {
  return generateSampleVideo(path.join(dir, name), { durationSeconds: 2, width: 180, height: 320, fps: 15, audio: false });
}

/** 2 s, stored as 320x180 frames turned `clockwise` degrees: displayed 180x320 for 90 and 270, as phones store portrait video. */
export async function rotatedClip(dir: string, clockwise: number): Promise<string> {
  const stored = await generateSampleVideo(path.join(dir, `stored-${clockwise}.mp4`), { durationSeconds: 2, width: 320, height: 180, fps: 15 });
  return generateRotatedVideo(stored, path.join(dir, `rotated-${clockwise}.mp4`), clockwise);
}

/** Files named like videos that are not: bytes of no container, and a PNG. */
export async function notVideos(dir: string): Promise<{ arbitraryBytes: string; png: string }> {
  const arbitraryBytes = path.join(dir, 'arbitrary.mp4');
  await fs.writeFile(arbitraryBytes, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)));
  const png = path.join(dir, 'picture.mp4');
  await fs.copyFile(await generateWatermark(path.join(dir, 'picture.png'), 64, 32), png);
  return { arbitraryBytes, png };
}

export function tinyWatermark(dir: string): Promise<string> {
  return generateWatermark(path.join(dir, 'mark.png'), 80, 30);
}

/** Puts a file into a store and returns the OSS event record fields for it. */
export async function uploadForEvent(store: ObjectStore, key: string, file: string) {
  await store.upload(key, file);
  const info = (await store.head(key))!;
  return { bucket: store.bucket, key, eTag: eventETag(info.etag), size: info.size };
}

export { ossEventFromSample };

/** Counts uploads per key: proof that work ran once. */
export function countUploads(store: ObjectStore): Map<string, number> {
  const counts = new Map<string, number>();
  const upload = store.upload.bind(store);
  store.upload = async (key, file, options) => {
    counts.set(key, (counts.get(key) ?? 0) + 1);
    return upload(key, file, options);
  };
  return counts;
}

/**
 * Re-registers one of the pipeline's functions (wired as local-pipeline wires it: 2 retries, the
 * failure handler as destination) so that every attempt is counted; returns the live counter.
 */
export function countAttempts(pipeline: LocalPipeline, functionName: string, create: (deps: MediaDeps) => EventHandler): { attempts: number } {
  const counter = { attempts: 0 };
  const handler = create(pipeline.deps);
  pipeline.invoker.register(functionName, {
    handler: (event, ctx) => {
      counter.attempts++;
      return handler(event, ctx);
    },
    maxRetries: 2,
    onFailure: LOCAL_FUNCTIONS.failureHandler,
  });
  return counter;
}

export function logLines(): { sink: (line: string) => void; entries: Array<Record<string, unknown>> } {
  const entries: Array<Record<string, unknown>> = [];
  return { sink: (line) => entries.push(JSON.parse(line) as Record<string, unknown>), entries };
}

export const context = (requestId: string) => ({
  requestId,
  region: 'local',
  accountId: '000000000000',
  credentials: { accessKeyId: 'local', accessKeySecret: 'local' },
  function: { name: 'test' },
});
