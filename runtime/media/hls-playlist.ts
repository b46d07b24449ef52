/** Reading a rendition playlist and writing the master playlist. */
import type { RenditionResult } from './jobs';

export interface PlaylistSegment {
  uri: string;
  durationSeconds: number;
}

/** The segments of a media playlist, in order (`#EXTINF:<duration>,` then the URI line). */
export function parseMediaPlaylist(text: string): PlaylistSegment[] {
  const segments: PlaylistSegment[] = [];
  let pending: number | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith('#EXTINF:')) pending = parseFloat(line.slice('#EXTINF:'.length));
    else if (line && !line.startsWith('#') && pending !== undefined) {
      segments.push({ uri: line, durationSeconds: pending });
      pending = undefined;
    }
  }
  return segments;
}

/** Peak (largest segment rate) and average bits/s of a rendition from its segment sizes. */
export function measureBandwidth(segments: Array<{ bytes: number; durationSeconds: number }>): { peak: number; average: number } {
  const total = segments.reduce((sum, s) => ({ bytes: sum.bytes + s.bytes, seconds: sum.seconds + s.durationSeconds }), { bytes: 0, seconds: 0 });
  // A short last segment can show an inflated rate; Apple measures peak over segments all the same.
  const peak = Math.max(0, ...segments.filter((s) => s.durationSeconds > 0).map((s) => (s.bytes * 8) / s.durationSeconds));
  const average = total.seconds > 0 ? (total.bytes * 8) / total.seconds : 0;
  return { peak: Math.ceil(peak), average: Math.ceil(average) };
}

/**
 * The master playlist: one EXT-X-STREAM-INF per rendition, lowest bandwidth first; URIs relative. A chunked job's
 * renditions have no audio of their own: each names its audio group (AUDIO), and each group is one EXT-X-MEDIA audio
 * rendition, stereo (RFC 8216 section 4.3.4.1; CHANNELS as Apple's authoring specification asks,
 * https://developer.apple.com/documentation/http-live-streaming/hls-authoring-specification-for-apple-devices).
 */
export function masterPlaylist(
  renditions: Array<Pick<RenditionResult, 'bandwidth' | 'averageBandwidth' | 'width' | 'height' | 'codecs' | 'audioGroup'> & { uri: string }>,
  audio: ReadonlyArray<{ group: string; uri: string }> = [],
): string {
  const lines = ['#EXTM3U', '#EXT-X-VERSION:3', '#EXT-X-INDEPENDENT-SEGMENTS'];
  for (const a of audio) {
    lines.push(`#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="${a.group}",NAME="audio",DEFAULT=YES,AUTOSELECT=YES,CHANNELS="2",URI="${a.uri}"`);
  }
  for (const r of [...renditions].sort((a, b) => a.bandwidth - b.bandwidth)) {
    const group = r.audioGroup ? `,AUDIO="${r.audioGroup}"` : '';
    const size = `RESOLUTION=${r.width}x${r.height}`;
    lines.push(`#EXT-X-STREAM-INF:BANDWIDTH=${r.bandwidth},AVERAGE-BANDWIDTH=${r.averageBandwidth},${size},CODECS="${r.codecs}"${group}`, r.uri);
  }
  return lines.join('\n') + '\n';
}

/** Every playlist a master playlist names: its variants' URIs and its renditions' (`URI="…"` of EXT-X-MEDIA), as written. */
export function masterPlaylistUris(text: string): string[] {
  const lines = text.split('\n').map((l) => l.trim());
  const variants = lines.filter((l) => l !== '' && !l.startsWith('#'));
  const media = lines.filter((l) => l.startsWith('#EXT-X-MEDIA:')).flatMap((l) => /URI="([^"]*)"/.exec(l)?.[1] ?? []);
  return [...media, ...variants];
}

/**
 * RFC 6381 codecs of H.264 + AAC-LC: `avc1.PPCCLL` from ffprobe's profile name and level_idc,
 * and `mp4a.40.2` when there is audio (the encoder is always AAC-LC).
 */
export function codecsString(videoProfile: string | undefined, videoLevel: number | undefined, hasAudio: boolean): string {
  const profile: Record<string, string> = {
    'Constrained Baseline': '42e0',
    Baseline: '4200',
    Main: '4d40',
    High: '6400',
  };
  const level = (videoLevel && videoLevel > 0 ? videoLevel : 30).toString(16).padStart(2, '0');
  const video = `avc1.${profile[videoProfile ?? 'High'] ?? '6400'}${level}`;
  return hasAudio ? `${video},mp4a.40.2` : video;
}

/**
 * A VOD media playlist of `segments` in order. TARGETDURATION is the longest segment rounded up: every EXTINF
 * rounded to the nearest integer must not exceed it (RFC 8216 section 4.3.3.1).
 */
export function mediaPlaylist(segments: ReadonlyArray<{ uri: string; durationSeconds: number }>): string {
  const target = Math.max(1, ...segments.map((s) => Math.ceil(s.durationSeconds - 1e-6)));
  const lines = ['#EXTM3U', '#EXT-X-VERSION:3', `#EXT-X-TARGETDURATION:${target}`, '#EXT-X-MEDIA-SEQUENCE:0', '#EXT-X-PLAYLIST-TYPE:VOD'];
  for (const s of segments) lines.push(`#EXTINF:${s.durationSeconds.toFixed(6)},`, s.uri);
  lines.push('#EXT-X-ENDLIST');
  return lines.join('\n') + '\n';
}

/** How long a playlist's segments last together, to the millisecond (what a result and the manifest say). */
export function playlistSeconds(segments: ReadonlyArray<{ durationSeconds: number }>): number {
  return Math.round(segments.reduce((sum, s) => sum + s.durationSeconds, 0) * 1000) / 1000;
}
