/**
 * The timeline of an HLS media playlist as a player sees it: every packet of one stream (video or audio) in every
 * segment the playlist lists, read segment by segment with ffprobe (the hls demuxer drops a packet while it probes
 * a segment, which would look like a gap that is not there), then sorted by presentation time.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ffprobeJson } from '../../runtime/shared/ffmpeg';
import { parseMediaPlaylist } from '../../runtime/media/hls-playlist';

export interface Timeline {
  packets: number;
  keyframes: number[];
  firstSeconds: number;
  endSeconds: number;
  /** Where a packet does not start where the one before it ends (more than `toleranceSeconds` apart). */
  gaps: Array<{ at: number; seconds: number }>;
}

export async function hlsTimeline(playlistFile: string, stream: 'v' | 'a', toleranceSeconds = 0.002): Promise<Timeline> {
  const segments = parseMediaPlaylist(await fs.readFile(playlistFile, 'utf8'));
  const packets: Array<{ pts: number; duration: number; key: boolean }> = [];
  for (const s of segments) {
    const file = path.join(path.dirname(playlistFile), s.uri);
    const args = ['-select_streams', `${stream}:0`, '-show_entries', 'packet=pts_time,duration_time,flags', file];
    const json = await ffprobeJson<{ packets?: Array<{ pts_time: string; duration_time?: string; flags?: string }> }>(args);
    for (const p of json.packets ?? [])
      packets.push({ pts: Number(p.pts_time), duration: Number(p.duration_time ?? 0), key: p.flags?.startsWith('K') ?? false });
  }
  packets.sort((a, b) => a.pts - b.pts);
  const gaps: Timeline['gaps'] = [];
  for (let i = 1; i < packets.length; i++) {
    const seconds = packets[i].pts - (packets[i - 1].pts + packets[i - 1].duration);
    if (Math.abs(seconds) > toleranceSeconds) gaps.push({ at: packets[i].pts, seconds });
  }
  const last = packets.at(-1);
  return {
    packets: packets.length,
    keyframes: packets.filter((p) => p.key).map((p) => p.pts),
    firstSeconds: packets[0]?.pts ?? 0,
    endSeconds: last ? last.pts + last.duration : 0,
    gaps,
  };
}
