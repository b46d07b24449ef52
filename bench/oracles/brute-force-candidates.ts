/**
 * What findCandidates must answer, found by reading every courier row: the best eligible couriers
 * whose cell is within maxRings of the seller's. The tests' oracle and the benchmark's baseline.
 */
import { byRank, candidateQuery, eligibleCandidate, type Candidate, type FindCandidatesOptions } from '../../runtime/dispatch/candidate-ranking';
import { fixOf } from '../../runtime/dispatch/courier-fix';
import { encode, ring } from '../../runtime/dispatch/geo/geohash';
import type { Position } from '../../runtime/dispatch/geo/position';
import type { DispatchSettings } from '../../runtime/dispatch/settings';
import { MAX, MIN, type PrimaryKey, type TableStore } from '../../runtime/shared/ports';

export async function bruteForceCandidates(
  store: TableStore,
  settings: DispatchSettings,
  seller: Position,
  dropoff: Position,
  nowMs: number,
  options: FindCandidatesOptions = {},
): Promise<{ candidates: Candidate[]; rowsRead: number }> {
  const query = candidateQuery(settings, seller, dropoff, nowMs, options);
  const sellerCell = encode(query.seller.lat, query.seller.lon, settings.cellPrecision);
  const area = new Set<string>();
  for (let k = 0; k <= settings.maxRings; k++) for (const cell of ring(sellerCell, k)) area.add(cell);
  const eligible: Candidate[] = [];
  let rowsRead = 0;
  let start: PrimaryKey | undefined = [['courierId', MIN]];
  while (start) {
    const page = await store.getRange(settings.tables.couriers, start, [['courierId', MAX]]);
    rowsRead += page.rows.length;
    for (const { key, attributes } of page.rows) {
      const courierId = String(key[0][1]);
      const fix = fixOf(attributes);
      if (!fix || !area.has(encode(fix.lat, fix.lon, settings.cellPrecision))) continue;
      const candidate = eligibleCandidate(query, settings, courierId, attributes);
      if (candidate) eligible.push(candidate);
    }
    start = page.next;
  }
  return { candidates: eligible.sort(byRank).slice(0, query.want), rowsRead };
}
