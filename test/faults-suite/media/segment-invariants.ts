/**
 * Once every grace period has passed and the reaper ran, a key's segment files are exactly those the playlists its
 * published master names list: none missing (a published playlist never names a deleted file), none left that nothing
 * plays (a FAILED job's, a replaced version's: retired-segments.ts). No master: no segments.
 */
import { masterPlaylistUris, parseMediaPlaylist } from '../../../runtime/media/hls-playlist';
import { folderOf, MASTER_FILE } from '../../../runtime/media/outputs';
import { outputKeyPrefix } from '../../../runtime/media/settings';
import type { ObjectStore } from '../../../runtime/shared/ports';
import type { Violation } from '../violations';
import type { Table } from './rows';
import type { MediaWorld } from './world';

const SEGMENT = /^[0-9a-f]{8}_(\d{3}_)?\d{5}\.ts$/;
const EXACT = 'the segments left are exactly those the published playlists list';

export async function segmentViolations(w: MediaWorld, table: Table): Promise<Violation[]> {
  const { store, deps } = w.pipeline;
  const found: Violation[] = [];
  for (const key of new Set(table.jobs.map((j) => j.key))) {
    const prefix = outputKeyPrefix(deps.settings, key);
    const listed = new Set<string>();
    const master = await text(store, prefix + MASTER_FILE);
    for (const uri of master ? masterPlaylistUris(master) : []) {
      const playlist = await text(store, prefix + uri);
      for (const s of playlist ? parseMediaPlaylist(playlist) : []) listed.add(folderOf(prefix + uri) + s.uri);
    }
    // Files of the key's own folders only (`<rung>/`, `audio/<b>k/`): another key's outputs may sit under this prefix.
    const own = (k: string) => /^([^/]+|audio\/[^/]+)\/[^/]+$/.test(k.slice(prefix.length)) && SEGMENT.test(k.slice(k.lastIndexOf('/') + 1));
    const segments = (await store.list(prefix)).filter(own);
    const left = segments.filter((k) => !listed.has(k));
    const missing = [...listed].filter((k) => !segments.includes(k));
    if (left.length > 0 || missing.length > 0) found.push({ invariant: EXACT, detail: JSON.stringify({ key, left, missing }) });
  }
  return found;
}

async function text(store: ObjectStore, key: string): Promise<string | undefined> {
  return (await store.head(key)) ? (await store.get(key)).toString('utf8') : undefined;
}
