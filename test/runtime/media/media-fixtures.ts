/** Shared set-up of the media tests: tiny clips, small settings, counting stores, official OSS samples. */
import { mkdtempSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateSampleVideo, generateWatermark } from '../../../bin/sample-media';
import { eventETag, ossEventFromSample } from '../../../runtime/media/oss-event-fixture';
import type { MediaSettings } from '../../../runtime/media/settings';
import type { ObjectStore } from '../../../runtime/shared/ports';

export const FIXTURES = path.resolve(__dirname, '../../fixtures/events');
export const OSS_SAMPLE = path.join(FIXTURES, 'oss-object-created.json');
export const OSS_SAMPLE_OBJECTMETA = path.join(FIXTURES, 'oss-object-created-objectmeta.json');

export const tmpWorkDir = (name: string) => mkdtempSync(path.join(os.tmpdir(), `media-${name}-`));

export const TINY_SETTINGS: MediaSettings = {
  inputPrefix: 'uploads/',
  outputPrefix: 'processed/',
  ladder: [
    { name: '180p', height: 180, videoBitrate: 300, audioBitrate: 64 },
    { name: '120p', height: 120, videoBitrate: 150, audioBitrate: 48 },
    { name: '720p', height: 720, videoBitrate: 3000, audioBitrate: 128 },
  ],
  packaging: 'hls',
  segmentSeconds: 2,
  thumbnails: { count: 2, width: 80 },
};

/** 1.5 s, 320x180, with a sine tone unless audio is false. */
export function tinyClip(dir: string, name = 'clip.mp4', audio = true): Promise<string> {
  return generateSampleVideo(path.join(dir, name), { durationSeconds: 1.5, width: 320, height: 180, fps: 15, audio });
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
