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
 * a courier could still make the cut: distance to the seller is a lower bound of its score.
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
    const found: IndexEntry[] = [];
    for (const cell of ring(sellerCell, k)) {
      cellsScanned++;
      const rows = await readCell(store, settings, cell);
      rowsRead += rows.length;
      for (const row of rows) {
        const entry = indexEntry(query, cell, row.key, row.attributes);
        if (entry) found.push(entry);
      }
    }
    pending = [...pending, ...found].sort((a, b) => a.lowerBound - b.lowerBound);
    // Check couriers nearest-first while one could still beat (or tie) the want-th best.
    while (pending.length > 0 && (accepted.length < query.want || pending[0].lowerBound <= accepted[query.want - 1].score)) {
      const entry = pending.shift()!;
      if (seen.has(entry.courierId)) continue;
      const row = await store.getRow(settings.tables.couriers, courierKey(entry.courierId));
      rowsRead++;
      // An index row left in a cell the courier has since left is not where the courier is.
      if (!row || row.cell !== entry.cell) continue;
      seen.add(entry.courierId);
      const candidate = eligibleCandidate(query, settings, entry.courierId, row);
      if (candidate) insertRanked(accepted, candidate);
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
