/**
 * Once every grace period has passed and the reaper ran, the only segments under a key's outputs are the published
 * version's: a FAILED job's and a replaced version's are gone (retired-segments.ts). Missing published segments are
 * output-invariants' (every segment its playlist lists).
 */
import { MANIFEST_FILE, outputKey } from '../../../runtime/media/outputs';
import { publishedManifest } from '../../../runtime/media/retired-segments';
import { versionTag } from '../../../runtime/media/segment-names';
import { outputKeyPrefix } from '../../../runtime/media/settings';
import type { Violation } from '../violations';
import type { Table } from './rows';
import type { MediaWorld } from './world';

const SEGMENT = /^([0-9a-f]{8})_(\d{3}_)?\d{5}\.ts$/;
const ONLY_PUBLISHED = 'only the published version’s segments remain';

export async function segmentViolations(w: MediaWorld, table: Table): Promise<Violation[]> {
  const { store, deps } = w.pipeline;
  const found: Violation[] = [];
  for (const key of new Set(table.jobs.map((j) => j.key))) {
    const published = await publishedManifest(store, outputKey(deps.settings, key, MANIFEST_FILE));
    const tag = published ? versionTag(published.jobId) : undefined;
    const stale = (await store.list(outputKeyPrefix(deps.settings, key))).filter((k) => {
      const match = SEGMENT.exec(k.slice(k.lastIndexOf('/') + 1));
      return match !== null && match[1] !== tag;
    });
    if (stale.length > 0) found.push({ invariant: ONLY_PUBLISHED, detail: JSON.stringify({ key, published: published?.jobId, stale }) });
  }
  return found;
}
