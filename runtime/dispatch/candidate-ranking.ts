/** Which couriers may take an order and how they rank: the score both the ring search and its full-scan oracle sort by. */
import type { Attributes } from '../shared/ports';
import { fixOf } from './courier-fix';
import { haversineMeters } from './geo/haversine';
import { parsePosition, type Position } from './geo/position';
import type { DispatchSettings } from './settings';

export interface Candidate {
  courierId: string;
  position: Position;
  distanceToSellerMeters: number;
  /** Orders the courier carries (`activeOrders`); what capacity is checked against. */
  activeOrders: number;
  capacity: number;
  /**
   * An offer to this courier is still open (its `offerLoadUntil` is later than now): it counts as
   * one more unit of load in the score, never against capacity, and never excludes the courier.
   */
  pendingOffer: boolean;
  /**
   * Metres: courier → seller → dropoff, plus loadPenaltyMeters per unit of load, which is
   * activeOrders plus one while pendingOffer. Lower is better.
   */
  score: number;
  ageSeconds: number;
}

export interface FindCandidatesOptions {
  /** Couriers not to offer (e.g. those who already declined this order). */
  exclude?: ReadonlySet<string>;
  /** Candidates wanted; default settings.offerSize. */
  want?: number;
}

/** One order's search, checked and with what every courier's score shares worked out once. */
export interface CandidateQuery {
  seller: Position;
  dropoff: Position;
  sellerToDropoff: number;
  nowMs: number;
  want: number;
  exclude: ReadonlySet<string>;
  maxAgeMs: number;
}

export function candidateQuery(
  settings: DispatchSettings,
  sellerInput: Position,
  dropoffInput: Position,
  nowMs: number,
  options: FindCandidatesOptions,
): CandidateQuery {
  const seller = parsePosition(sellerInput, 'seller');
  const dropoff = parsePosition(dropoffInput, 'dropoff');
  const want = options.want ?? settings.offerSize;
  if (!Number.isSafeInteger(want) || want < 1) throw new RangeError(`want must be a positive integer, got ${want}`);
  return {
    seller,
    dropoff,
    sellerToDropoff: haversineMeters(seller, dropoff),
    nowMs,
    want,
    exclude: options.exclude ?? new Set(),
    maxAgeMs: settings.locationMaxAgeSeconds * 1000,
  };
}

/** The courier as a candidate, from its `couriers` row; undefined unless it may take the order. */
export function eligibleCandidate(query: CandidateQuery, settings: DispatchSettings, courierId: string, row: Attributes): Candidate | undefined {
  const fix = fixOf(row);
  if (!fix || row.status !== 'ONLINE' || query.exclude.has(courierId)) return undefined;
  const ageMs = query.nowMs - fix.at;
  if (ageMs > query.maxAgeMs) return undefined;
  const activeOrders = typeof row.activeOrders === 'number' ? row.activeOrders : 0;
  const capacity = typeof row.capacity === 'number' ? row.capacity : settings.defaultCourierCapacity;
  if (activeOrders >= capacity) return undefined;
  // Ranks lower while an offer is open, never excluded: the offer may well go to someone else.
  const pendingOffer = typeof row.offerLoadUntil === 'number' && row.offerLoadUntil > query.nowMs;
  const load = activeOrders + (pendingOffer ? 1 : 0);
  const position = { lat: fix.lat, lon: fix.lon };
  const distanceToSellerMeters = haversineMeters(position, query.seller);
  return {
    courierId,
    position,
    distanceToSellerMeters,
    activeOrders,
    capacity,
    pendingOffer,
    score: distanceToSellerMeters + query.sellerToDropoff + settings.loadPenaltyMeters * load,
    // A phone clock ahead of ours is not a fix from the future.
    ageSeconds: Math.max(0, ageMs / 1000),
  };
}

/** Best first: by score, then courierId. */
export function byRank(a: Candidate, b: Candidate): number {
  if (a.score !== b.score) return a.score - b.score;
  return a.courierId < b.courierId ? -1 : a.courierId > b.courierId ? 1 : 0;
}

/** Inserts into a list kept in rank order. */
export function insertRanked(ranked: Candidate[], candidate: Candidate): void {
  let i = ranked.length;
  while (i > 0 && byRank(ranked[i - 1], candidate) > 0) i--;
  ranked.splice(i, 0, candidate);
}
