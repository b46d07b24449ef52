/**
 * The CPU floor of the nearest-courier lookup: a k-d tree (kdbush, searched by geokdbush) over
 * every courier held in memory, ranked by the score findCandidates ranks by. No stateless function
 * can hold this (each instance would rebuild it from every courier row, stale at once); it shows
 * what the ring search's reads cost above the arithmetic.
 *
 * kdbush and geokdbush are ES modules; this CommonJS build loads them with require(), which
 * Node.js does for synchronous ES modules from 20.19 on.
 */
import * as geokdbush from 'geokdbush';
import * as kdbush from 'kdbush';
import { byRank, candidateQuery, eligibleCandidate, type Candidate } from '../runtime/dispatch/candidate-ranking';
import { fixOf } from '../runtime/dispatch/courier-fix';
import type { Position } from '../runtime/dispatch/geo/position';
import type { DispatchSettings } from '../runtime/dispatch/settings';
import type { Attributes } from '../runtime/shared/ports';

/** geokdbush's great-circle distance uses a slightly different Earth radius: widen its radius by this much. */
const RADIUS_SLACK = 1.01;

export interface KdCourier {
  courierId: string;
  row: Attributes;
}

export class KdTreeCandidates {
  private readonly index: kdbush.default;
  private readonly couriers: KdCourier[];

  /** Couriers without a position fix are left out (findCandidates cannot find them either). */
  constructor(all: readonly KdCourier[]) {
    this.couriers = all.filter((c) => fixOf(c.row) !== undefined);
    this.index = new kdbush.default(this.couriers.length);
    for (const { row } of this.couriers) {
      const fix = fixOf(row)!;
      this.index.add(fix.lon, fix.lat);
    }
    this.index.finish();
  }

  /**
   * The `want` best eligible couriers: the nearest `want` eligible ones give a score to beat, then
   * every eligible courier near enough to beat it (distance to the seller is a lower bound of the
   * score) is ranked.
   */
  find(settings: DispatchSettings, seller: Position, dropoff: Position, nowMs: number, want: number): Candidate[] {
    const query = candidateQuery(settings, seller, dropoff, nowMs, { want });
    const candidate = (i: number) => eligibleCandidate(query, settings, this.couriers[i].courierId, this.couriers[i].row);
    const ranked = (ids: number[]) =>
      ids
        .map(candidate)
        .filter((c): c is Candidate => c !== undefined)
        .sort(byRank);
    const nearest = ranked(geokdbush.around(this.index, query.seller.lon, query.seller.lat, want, Infinity, (i) => candidate(i) !== undefined));
    if (nearest.length < want) return nearest;
    const reachKm = ((nearest[want - 1].score - query.sellerToDropoff) / 1000) * RADIUS_SLACK;
    const near = geokdbush.around(this.index, query.seller.lon, query.seller.lat, Infinity, reachKm);
    return ranked(near).slice(0, want);
  }
}
