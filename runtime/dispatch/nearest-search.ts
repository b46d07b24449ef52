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
 * a courier could still make the cut: distance to the seller is a lower bound of its score. A ring's
 * cells are read at once (skipping those whose nearest point is already too far), and so are the
 * courier rows of each batch (nextBatch), so a search costs a few round trips per ring.
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
  let k = 0;
  for (; ; k++) {
    // Cells nobody in could beat (or tie) the want-th best are not read; their cells' reads go out at once.
    const cutoff = accepted.length < query.want ? Infinity : accepted[query.want - 1].score;
    const cells = ring(sellerCell, k).filter((cell) => cellDistanceLowerBoundMeters(query.seller, cell) + query.sellerToDropoff <= cutoff);
    cellsScanned += cells.length;
    const found: IndexEntry[] = [];
    const pages = await Promise.all(cells.map((cell) => readCell(store, settings, cell)));
    pages.forEach((rows, i) => {
      rowsRead += rows.length;
      for (const row of rows) {
        const entry = indexEntry(query, cells[i], row.key, row.attributes);
        if (entry) found.push(entry);
      }
    });
    pending = [...pending, ...found].sort((a, b) => a.lowerBound - b.lowerBound);
    for (let batch = nextBatch(pending, accepted, query.want, seen); batch.length > 0; batch = nextBatch(pending, accepted, query.want, seen)) {
      const rows = await Promise.all(batch.map((entry) => store.getRow(settings.tables.couriers, courierKey(entry.courierId))));
      rowsRead += batch.length;
      batch.forEach((entry, i) => {
        const row = rows[i];
        // An index row left in a cell the courier has since left is not where the courier is.
        if (!row || row.cell !== entry.cell) return;
        seen.add(entry.courierId);
        const candidate = eligibleCandidate(query, settings, entry.courierId, row);
        if (candidate) insertRanked(accepted, candidate);
      });
    }
    if (k >= settings.maxRings) break;
    const beyond = coveredRadiusMeters(query.seller, sellerCell, k) + query.sellerToDropoff;
    if (accepted.length >= query.want && accepted[query.want - 1].score < beyond) break;
    if (beyond === Infinity) break;
  }
  return { candidates: accepted.slice(0, query.want), rings: k + 1, cellsScanned, rowsRead };
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
 * fewer than `want` are accepted, as many as are missing (each read adds at most one, so one by one
 * would read them all too); then every one that could still beat (or tie) the want-th best. One
 * entry per courier a batch: a courier's second entry (a stale cell) waits for the first's answer.
 */
function nextBatch(pending: IndexEntry[], accepted: readonly Candidate[], want: number, seen: ReadonlySet<string>): IndexEntry[] {
  const full = accepted.length >= want;
  const size = full ? Infinity : want - accepted.length;
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
