/**
 * Where outputs go and how they are served. Outputs of `uploads/a.mp4` live under
 * `processed/uploads/a.mp4/`: `<rendition>/1a2b3c4d.m3u8` + `<rendition>/1a2b3c4d_00000.ts` (HLS: named by the job's
 * version, segment-names.ts) or `<rendition>/video.mp4` (MP4), `thumbnails/thumb_01.jpg`, `master.m3u8` (HLS) and
 * `manifest.json`; a chunked job's audio tracks under `audio/<bitrate>k/`.
 */
import type { PutOptions } from '../shared/ports';
import { outputKeyPrefix, type MediaSettings } from './settings';

/** The playlist ffmpeg writes in a part's scratch folder (what is uploaded is named by the version: segment-names.ts). */
export const PLAYLIST_FILE = 'index.m3u8';
export const MP4_FILE = 'video.mp4';
export const MASTER_FILE = 'master.m3u8';
export const MANIFEST_FILE = 'manifest.json';
export const THUMBNAILS_DIR = 'thumbnails';
/** How many leading segments a rendition's result keeps by key (what a `startup` CDN prefetch warms). */
export const FIRST_SEGMENTS_KEPT = 2;

export function thumbnailFile(index: number): string {
  return `thumb_${String(index + 1).padStart(2, '0')}.jpg`;
}

/** The folder an output key is in, with its trailing `/` (`processed/a.mp4/720p/` of its playlist's key). */
export const folderOf = (key: string) => key.slice(0, key.lastIndexOf('/') + 1);

export function outputKey(settings: Pick<MediaSettings, 'outputPrefix'>, sourceKey: string, ...parts: string[]): string {
  return outputKeyPrefix(settings, sourceKey) + parts.join('/');
}

/**
 * Playlists and the manifest are rewritten when the same key is uploaded again, so caches keep
 * them briefly; media files change only then too, so a day is a fair compromise for them.
 */
const SHORT_CACHE = 'public, max-age=60';
const MEDIA_CACHE = 'public, max-age=86400';

const TYPES: Array<[suffix: string, contentType: string, cacheControl: string]> = [
  ['.m3u8', 'application/vnd.apple.mpegurl', SHORT_CACHE],
  ['.json', 'application/json', SHORT_CACHE],
  ['.ts', 'video/mp2t', MEDIA_CACHE],
  ['.mp4', 'video/mp4', MEDIA_CACHE],
  ['.jpg', 'image/jpeg', MEDIA_CACHE],
];

export function putOptionsFor(key: string): PutOptions {
  const match = TYPES.find(([suffix]) => key.endsWith(suffix));
  return match ? { contentType: match[1], cacheControl: match[2] } : { contentType: 'application/octet-stream', cacheControl: MEDIA_CACHE };
}
