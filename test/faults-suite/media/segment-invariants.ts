/**
 * Once every grace period has passed and the reaper ran, a key's versioned files (segments and rendition or audio
 * playlists) are exactly the published ones: the playlists its master and its manifest name, and the segments those
 * list. None missing (nothing published names a deleted file), none left that nothing names (a FAILED job's, a
 * replaced version's: retired-segments.ts).
 */
import type { Manifest } from '../../../runtime/media/finalize';
import { masterPlaylistUris, parseMediaPlaylist } from '../../../runtime/media/hls-playlist';
import { folderOf, MANIFEST_FILE, MASTER_FILE } from '../../../runtime/media/outputs';
import { outputKeyPrefix } from '../../../runtime/media/settings';
import type { ObjectStore } from '../../../runtime/shared/ports';
import type { Violation } from '../violations';
import type { Table } from './rows';
import type { MediaWorld } from './world';

const VERSIONED = /^[0-9a-f]{8}(_(\d{3}_)?\d{5}\.ts|\.m3u8)$/;
const EXACT = 'the versioned files left are exactly those the published master and manifest name';

export async function segmentViolations(w: MediaWorld, table: Table): Promise<Violation[]> {
  const { store, deps } = w.pipeline;
  const found: Violation[] = [];
  for (const key of new Set(table.jobs.map((j) => j.key))) {
    const prefix = outputKeyPrefix(deps.settings, key);
    const master = await text(store, prefix + MASTER_FILE);
    const manifest = await text(store, prefix + MANIFEST_FILE);
    const playlists = new Set([
      ...(master ? masterPlaylistUris(master).map((uri) => prefix + uri) : []),
      ...(manifest ? [...(JSON.parse(manifest) as Manifest).renditions, ...((JSON.parse(manifest) as Manifest).audio ?? [])].map((r) => r.key) : []),
    ]);
    const named = new Set(playlists);
    for (const playlist of playlists) {
      const body = await text(store, playlist);
      for (const s of body ? parseMediaPlaylist(body) : []) named.add(folderOf(playlist) + s.uri);
    }
    // Files of the key's own folders only (`<rung>/`, `audio/<b>k/`): another key's outputs may sit under this prefix.
    const own = (k: string) => /^([^/]+|audio\/[^/]+)\/[^/]+$/.test(k.slice(prefix.length)) && VERSIONED.test(k.slice(k.lastIndexOf('/') + 1));
    const files = (await store.list(prefix)).filter(own);
    const left = files.filter((k) => !named.has(k));
    const missing = [...named].filter((k) => !files.includes(k) && VERSIONED.test(k.slice(k.lastIndexOf('/') + 1)));
    if (left.length > 0 || missing.length > 0) found.push({ invariant: EXACT, detail: JSON.stringify({ key, left, missing }) });
  }
  return found;
}

async function text(store: ObjectStore, key: string): Promise<string | undefined> {
  return (await store.head(key)) ? (await store.get(key)).toString('utf8') : undefined;
}
