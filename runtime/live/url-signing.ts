/**
 * ApsaraVideo Live URL authentication, type A (the CDN's type A signing, which Live uses for push and
 * play URLs): `auth_key = {timestamp}-{rand}-{uid}-{md5hash}` with
 * `md5hash = md5("{URI}-{timestamp}-{rand}-{uid}-{PrivateKey}")`; rand and uid are 0 unless used
 * (https://help.aliyun.com/zh/cdn/user-guide/type-a-signing, worked example in the tests;
 * https://help.aliyun.com/document_detail/162269.html for Live's URIs: `/{app}/{stream}` for RTMP push
 * and play, `/{app}/{stream}.flv` for HTTP-FLV, `/{app}/{stream}.m3u8` for HLS).
 *
 * The server refuses a URL once timestamp + the domain's validity period has passed. Live's docs and
 * samples show two ways to fill the timestamp: the signing time (the URL then lives for the domain's
 * validity period) or the signing time plus a lifetime (Alibaba's own PHP and Python samples): both are
 * the same rule (https://help.aliyun.com/en/live/user-guide/url-signing). `TimestampConvention` picks one.
 */
import { createHash } from 'node:crypto';
import type { TimestampConvention } from './settings';

export type { TimestampConvention } from './settings';

export interface SigningKey {
  /** The domain's primary key (push URLs: the ingest domain's, play URLs: the streaming domain's). */
  privateKey: string;
  convention: TimestampConvention;
  /** With `expiry-time`: seconds added to the signing time. */
  lifetimeSeconds: number;
}

/** `auth_key` for `uri` (starting with `/`) at Unix time `timestamp` (seconds). */
export function authKey(uri: string, privateKey: string, timestamp: number, rand = '0', uid = '0'): string {
  if (!uri.startsWith('/')) throw new RangeError(`uri must start with /: ${uri}`);
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) throw new RangeError(`timestamp must be Unix seconds: ${timestamp}`);
  const hash = createHash('md5').update(`${uri}-${timestamp}-${rand}-${uid}-${privateKey}`).digest('hex');
  return `${timestamp}-${rand}-${uid}-${hash}`;
}

/** The timestamp a URL signed at `nowMs` carries under the key's convention. */
export function signingTimestamp(key: SigningKey, nowMs: number): number {
  const now = Math.floor(nowMs / 1000);
  return key.convention === 'expiry-time' ? now + key.lifetimeSeconds : now;
}

export type StreamFormat = 'rtmp' | 'flv' | 'hls';

/** The signed URI of a stream in a format: what is hashed and what the URL's path is. */
export function streamUri(app: string, stream: string, format: StreamFormat): string {
  const suffix = format === 'flv' ? '.flv' : format === 'hls' ? '.m3u8' : '';
  return `/${app}/${stream}${suffix}`;
}

/** A signed URL of `stream` on `domain`: rtmp:// for RTMP, https:// for FLV and HLS. */
export function signedStreamUrl(domain: string, app: string, stream: string, format: StreamFormat, key: SigningKey, nowMs: number): string {
  const uri = streamUri(app, stream, format);
  const scheme = format === 'rtmp' ? 'rtmp' : 'https';
  return `${scheme}://${domain}${uri}?auth_key=${authKey(uri, key.privateKey, signingTimestamp(key, nowMs))}`;
}

/**
 * Checks an `auth_key` as the service does: the hash over `uri`, and not expired (timestamp + validity
 * ≥ now). The local RTMP origin uses it to refuse a push that is not signed for its own stream.
 */
export function verifyAuthKey(uri: string, value: string, privateKey: string, nowMs: number, validitySeconds: number): boolean {
  const parts = /^(\d+)-([0-9A-Za-z]+)-([0-9A-Za-z]+)-([0-9a-f]{32})$/.exec(value);
  if (!parts) return false;
  const timestamp = Number(parts[1]);
  if (timestamp + validitySeconds < Math.floor(nowMs / 1000)) return false;
  return authKey(uri, privateKey, timestamp, parts[2], parts[3]) === value;
}

/** `text` (ffmpeg's stderr, say) with every signed URL's auth_key masked: logs must not carry a working URL. */
export function withoutAuthKeys(text: string): string {
  return text.replace(/auth_key=[A-Za-z0-9-]+/g, 'auth_key=***');
}
