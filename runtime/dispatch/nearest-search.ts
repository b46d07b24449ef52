/**
 * The ring search over the location index. The index is a hint: the search re-reads each
 * courier's `couriers` row before offering it, and skips index rows whose cell is not the
 * courier's current one.
 */
import type { Attributes, PrimaryKey, TableStore } from '../shared/ports';
import {
  candidateQuery,
  eligibleCandidate,
  insertRanked,
  type Candidate,
  type CandidateQuery,
  type FindCandidatesOptions,
} from './candidate-ranking';
import { courierKey } from './courier-keys';
import { cellDistanceLowerBoundMeters } from './geo/cell-distance';
import { coveredRadiusMeters } from './geo/coverage';
import { encode, ring } from './geo/geohash';
import { haversineMeters } from './geo/haversine';
import type { Position } from './geo/position';
import { readCell } from './location-index';
import type { DispatchSettings } from './settings';

export interface CandidateSearch {
  /** Best first: by score, then courierId. */
  candidates: Candidate[];
  /** Rings read, counting ring 0 (the seller's own cell). */
  rings: number;
  cellsScanned: number;
  /** Index rows plus courier rows read. */
  rowsRead: number;
}

/**
 * Courier rows read beyond those still missing while fewer than `want` are accepted: some index rows
 * are stale, offline or full, and another batch for them costs a round trip (measured: `npm run bench -- trips`).
 */
const SPARE_READS = 1;

interface IndexEntry {
  courierId: string;
  cell: string;
  /** The least score this courier can have: distance to the seller plus seller → dropoff (no load). */
  lowerBound: number;
}

/**
 * The best couriers for an order: ring by ring around the seller's cell, up to settings.maxRings.
 *
 * The search may not stop at the first ring that yields `want` couriers. The ring ends at a cell
 * edge, and the seller can sit near that edge, so a courier one ring further out can be nearer
 * than one in a far corner of this ring; cells are also not square (2:1 at even precisions) and
 * load (active orders and an open offer) adds to the score. So after ring k it stops only when the
 * want-th best score is below the lowest score anyone beyond ring k could have: the distance the
 * rings surely cover (coveredRadiusMeters) plus the seller → dropoff leg. Usually that is one ring
 * after the ring that filled the offer, sometimes none, sometimes two. Load only ever adds to a
 * score, so that bound (which assumes no load) holds whatever the couriers beyond carry.
 *
 * Within the scanned cells, courier rows (one read each) are fetched nearest-first and only while
 * a courier could still make the cut: distance to the seller is a lower bound of its score. The
 * search is pipelined so that it costs few round trips: each trip sends one batch of courier-row
 * reads (nextBatch) together with the next ring's cell reads, once `want` couriers are accepted and
 * they do not yet settle it (a ring read before then would be read whole, cut by no score). The
 * ring's cells whose nearest point is already too far for the want-th best are skipped; a score only
 * ever falls as more couriers are accepted, so a cell skipped by an earlier cut is skipped by the
 * final one too, and the answer is the one a search ring after ring would give.
 */
export async function findCandidates(
  store: TableStore,
  settings: DispatchSettings,
  seller: Position,
  dropoff: Position,
  nowMs: number,
  options: FindCandidatesOptions = {},
): Promise<CandidateSearch> {
  const query = candidateQuery(settings, seller, dropoff, nowMs, options);
  const sellerCell = encode(query.seller.lat, query.seller.lon, settings.cellPrecision);
  const accepted: Candidate[] = [];
  /** Index rows not yet checked against their courier row, nearest first. */
  let pending: IndexEntry[] = [];
  const seen = new Set<string>();
  let cellsScanned = 0;
  let rowsRead = 0;
  /** The outermost ring read so far (-1: none). */
  let outer = -1;
  for (;;) {
    const ringCells = nextRing(query, settings, sellerCell, outer, accepted, pending.length > 0);
    const batch = nextBatch(pending, accepted, query.want, seen);
    if (!ringCells && batch.length === 0) break;
    const [pages, rows] = await Promise.all([
      Promise.all((ringCells ?? []).map((cell) => readCell(store, settings, cell))),
      Promise.all(batch.map((entry) => store.getRow(settings.tables.couriers, courierKey(entry.courierId)))),
    ]);
    rowsRead += batch.length;
    batch.forEach((entry, i) => {
      const row = rows[i];
      // An index row left in a cell the courier has since left is not where the courier is.
      if (!row || row.cell !== entry.cell) return;
      seen.add(entry.courierId);
      const candidate = eligibleCandidate(query, settings, entry.courierId, row);
      if (candidate) insertRanked(accepted, candidate);
    });
    if (!ringCells) continue;
    outer++;
    cellsScanned += ringCells.length;
    const found: IndexEntry[] = [];
    pages.forEach((page, i) => {
      rowsRead += page.length;
      for (const row of page) {
        const entry = indexEntry(query, ringCells[i], row.key, row.attributes);
        if (entry) found.push(entry);
      }
    });
    pending = [...pending, ...found].sort((a, b) => a.lowerBound - b.lowerBound);
  }
  return { candidates: accepted.slice(0, query.want), rings: outer + 1, cellsScanned, rowsRead };
}

/**
 * The cells of the ring after `outer` to read in this trip, or undefined when no ring is to be read
 * now: none is left (settings.maxRings, or the rings cover the world), the accepted couriers settle the
 * search (the want-th best beats anyone beyond the rings read), or fewer than `want` are accepted while
 * index rows are still to be checked (ring 0 is read first, alone).
 */
function nextRing(
  query: CandidateQuery,
  settings: DispatchSettings,
  sellerCell: string,
  outer: number,
  accepted: readonly Candidate[],
  unchecked: boolean,
): string[] | undefined {
  if (outer >= settings.maxRings) return undefined;
  const full = accepted.length >= query.want;
  if (outer >= 0) {
    const beyond = coveredRadiusMeters(query.seller, sellerCell, outer) + query.sellerToDropoff;
    if (beyond === Infinity) return undefined;
    if (full && accepted[query.want - 1].score < beyond) return undefined;
    if (!full && unchecked) return undefined;
  }
  // Cells nobody in could beat (or tie) the want-th best are not read.
  const cutoff = full ? accepted[query.want - 1].score : Infinity;
  return ring(sellerCell, outer + 1).filter((cell) => cellDistanceLowerBoundMeters(query.seller, cell) + query.sellerToDropoff <= cutoff);
}

/** An index row worth checking: fresh enough and not excluded. */
function indexEntry(query: CandidateQuery, cell: string, key: PrimaryKey, row: Attributes): IndexEntry | undefined {
  const courierId = String(key[1][1]);
  const { lat, lon, locationAt } = row;
  if (query.exclude.has(courierId) || typeof lat !== 'number' || typeof lon !== 'number' || typeof locationAt !== 'number') return undefined;
  if (query.nowMs - locationAt > query.maxAgeMs) return undefined;
  return { courierId, cell, lowerBound: haversineMeters({ lat, lon }, query.seller) + query.sellerToDropoff };
}

/**
 * The next index rows whose courier rows to read together, taken off the front of `pending`: while
 * fewer than `want` are accepted, as many as are missing and SPARE_READS more (each read adds at
 * most one, so one by one would read them all too); then every one that could still beat (or tie)
 * the want-th best. One entry per courier a batch: a courier's second entry (a stale cell) waits
 * for the first's answer.
 */
function nextBatch(pending: IndexEntry[], accepted: readonly Candidate[], want: number, seen: ReadonlySet<string>): IndexEntry[] {
  const full = accepted.length >= want;
  const size = full ? Infinity : want - accepted.length + SPARE_READS;
  const batch: IndexEntry[] = [];
  const ids = new Set<string>();
  for (let i = 0; i < pending.length && batch.length < size; ) {
    const entry = pending[i];
    if (full && entry.lowerBound > accepted[want - 1].score) break;
    if (seen.has(entry.courierId)) pending.splice(i, 1);
    else if (ids.has(entry.courierId)) i++;
    else {
      ids.add(entry.courierId);
      batch.push(...pending.splice(i, 1));
    }
  }
  return batch;
}
