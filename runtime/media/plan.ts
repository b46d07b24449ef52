/**
 * A job's plan from its probed source: the renditions the ladder gives (ladder.ts), grouped into parts by the layout
 * (part-layout.ts), each group one part, or one part per chunk of a long source (chunks.ts) plus one for its audio;
 * then the thumbnails. Largest work first: FC starts the parts in the order they are queued when capacity is short.
 */
import type { ProbeResult } from '../shared/ffmpeg';
import { audioBitrates, chunkPartName, type Chunk } from './chunks';
import type { Part } from './jobs';
import { planRenditions } from './ladder';
import { groupRenditions, partName } from './part-layout';
import type { MediaSettings } from './settings';

export function planParts(
  settings: Pick<MediaSettings, 'ladder' | 'layout' | 'thumbnails'>,
  source: Pick<ProbeResult, 'width' | 'height' | 'fps' | 'hasAudio'>,
  chunks: readonly Chunk[],
): Part[] {
  const groups = groupRenditions(planRenditions(settings.ladder, source), settings.layout ?? 'latency', source.width * source.height);
  const renditions: Part[] =
    chunks.length === 0
      ? groups.map((g) => ({ name: partName(g), kind: 'renditions', renditions: g }))
      : groups.flatMap((g) => chunks.map((chunk): Part => ({ name: chunkPartName(partName(g), chunk), kind: 'renditions', renditions: g, chunk })));
  const audio: Part[] = chunks.length > 0 && source.hasAudio ? [{ name: 'audio', kind: 'audio', bitrates: audioBitrates(groups.flat()) }] : [];
  const thumbnails: Part[] = settings.thumbnails && settings.thumbnails.count > 0 ? [{ name: 'thumbnails', kind: 'thumbnails' }] : [];
  return [...renditions, ...audio, ...thumbnails];
}
