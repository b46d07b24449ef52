/**
 * Where couriers are and which are free, through the TableStore port.
 *
 * `couriers` (PK courierId) is the truth: status, load, capacity and the latest fix. The
 * `courier_cells` index (PK [cell, courierId]) holds one row per ONLINE courier under the geohash
 * cell of its latest fix, so a search reads a few cells instead of every courier. The index is a
 * hint: the search re-reads each courier's `couriers` row before offering it, and skips index rows
 * whose cell is not the courier's current one.
 *
 * `offerLoadUntil` (INTEGER epoch ms, on the `couriers` row) marks a courier that has been offered
 * an order until that offer expires: while it is later than now the courier ranks as if it
 * carried one more order, so one seller's simultaneous orders spread over several couriers instead
 * of all going to the same nearest ones. It is only a ranking hint, written after the offer
 * (markPendingOffers): it never excludes a courier, is never read by the accept path (which
 * reserves on `activeOrders` and `capacity` alone) and needs no cleanup, since it stops counting
 * when the offer expires. It is not cleared when the offer is settled early, so a courier that lost
 * (or won) an offer still counts one extra load until the offer's expiry, at most offerTtlSeconds.
 */
import { ConditionFailedError, MAX, MIN, type Attributes, type ColumnCondition, type PrimaryKey, type TableStore } from '../shared/ports';
import { coveredRadiusMeters } from './geo/coverage';
import { encode, ring } from './geo/geohash';
import { haversineMeters } from './geo/haversine';
import { parsePosition, type Position } from './geo/position';
import { DISPATCH_TABLES, type DispatchSettings } from './settings';

const COURIERS = DISPATCH_TABLES.couriers.name;
const COURIER_CELLS = DISPATCH_TABLES.courierCells.name;
/** Compare-and-set rounds before a location update gives up on a courier written that fast. */
const MAX_LOCATION_ATTEMPTS = 5;

export type CourierStatus = 'ONLINE' | 'OFFLINE';

export class UnknownCourierError extends Error {
  readonly code = 'UnknownCourier';

  constructor(readonly courierId: string) {
    super(`courier ${courierId} is not registered`);
    this.name = 'UnknownCourierError';
  }
}

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

export interface CandidateSearch {
  /** Best first: by score, then courierId. */
  candidates: Candidate[];
  /** Rings read, counting ring 0 (the seller's own cell). */
  rings: number;
  cellsScanned: number;
  /** Index rows plus courier rows read. */
  rowsRead: number;
}

/** Creates the courier OFFLINE with no orders, unless it exists. True when this call created it. */
export async function registerCourier(
  store: TableStore,
  // Unused, but every courier-index call takes the settings, so handlers call them alike.
  _settings: DispatchSettings,
  courierId: string,
  options: { capacity?: number } = {},
): Promise<boolean> {
  const { capacity } = options;
  if (capacity !== undefined && (!Number.isSafeInteger(capacity) || capacity < 1)) {
    throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
  }
  const row: Attributes = { status: 'OFFLINE', activeOrders: 0, ...(capacity === undefined ? {} : { capacity }) };
  try {
    await store.putRow(COURIERS, courierKey(courierId), row, { row: 'EXPECT_NOT_EXIST' });
    return true;
  } catch (err) {
    if (err instanceof ConditionFailedError) return false;
    throw err;
  }
}

/**
 * ONLINE puts the courier's latest fix into the index, OFFLINE takes it out. A fix already older
 * than locationMaxAgeSeconds is not indexed (the search would skip it); the next fix indexes it.
 *
 * Two status changes racing for one courier can at worst leave an ONLINE courier out of the index
 * until its next fix (seconds later), never an OFFLINE one offered: the search checks the status.
 */
export async function setCourierStatus(
  store: TableStore,
  settings: DispatchSettings,
  courierId: string,
  status: CourierStatus,
  nowMs: number,
): Promise<void> {
  checkTime(nowMs);
  let after: Attributes;
  try {
    after = await store.updateRow(COURIERS, courierKey(courierId), { put: { status, statusAt: nowMs } }, { row: 'EXPECT_EXIST' });
  } catch (err) {
    if (err instanceof ConditionFailedError) throw new UnknownCourierError(courierId);
    throw err;
  }
  const fix = fixOf(after);
  if (!fix) return;
  if (status === 'OFFLINE') await store.deleteRow(COURIER_CELLS, cellKey(fix.cell, courierId));
  else if (nowMs - fix.at <= settings.locationMaxAgeSeconds * 1000) await indexWhileCurrent(store, courierId, fix);
}

/**
 * Records a fix; false when the courier already has one at least as new (the fix is dropped).
 *
 * Concurrent fixes for one courier, e.g. retried requests arriving out of order, must leave it in
 * exactly one cell. Three rules do it, each a single conditional write:
 * 1. The `couriers` row changes by compare-and-set on `locationAt`, so applied fixes form a chain
 *    in time order and each knows the fix it replaced; an older fix never overwrites a newer one.
 * 2. Each applied fix deletes its predecessor's index row, but only while that row still holds the
 *    predecessor's `locationAt` (a newer fix in the same cell has overwritten it and must stay).
 * 3. Each fix that put an index row re-reads `couriers` afterwards and, if it is no longer the
 *    latest fix of an ONLINE courier, deletes its own row (again only if the row is still its own).
 * A predecessor's row written after its successor's delete (rule 2 came too early) is caught by
 * rule 3: the predecessor's re-read comes after its own put, so after the successor's update.
 */
export async function recordCourierLocation(
  store: TableStore,
  settings: DispatchSettings,
  courierId: string,
  position: Position,
  nowMs: number,
): Promise<boolean> {
  const { lat, lon } = parsePosition(position);
  checkTime(nowMs);
  const fix: Fix = { lat, lon, at: nowMs, cell: encode(lat, lon, settings.cellPrecision) };
  for (let attempt = 1; ; attempt++) {
    const before = await store.getRow(COURIERS, courierKey(courierId));
    if (!before) throw new UnknownCourierError(courierId);
    const previous = fixOf(before);
    if (previous && previous.at >= fix.at) return false;
    let after: Attributes;
    try {
      after = await store.updateRow(
        COURIERS,
        courierKey(courierId),
        { put: { lat, lon, cell: fix.cell, locationAt: fix.at } },
        { row: 'EXPECT_EXIST', column: locationAtStill(previous?.at) },
      );
    } catch (err) {
      // Another fix landed (or the courier went) between the read and the write: read again.
      if (err instanceof ConditionFailedError && attempt < MAX_LOCATION_ATTEMPTS) continue;
      throw err;
    }
    if (after.status === 'ONLINE') await putIndexRow(store, courierId, fix);
    if (previous && previous.cell !== fix.cell) await deleteIndexRowOf(store, courierId, previous);
    if (after.status === 'ONLINE') await dropIndexRowUnlessCurrent(store, courierId, fix);
    return true;
  }
}

/**
 * Marks each courier as offered an order until `until` (the offer's expiry, epoch ms): see
 * `offerLoadUntil` above. Call it only after the order's offer write succeeded, so a lost race
 * marks nobody. Best effort: the offer stands without it, so a failed mark (the courier row gone,
 * a store error) is returned, not thrown. A later offer overwrites an earlier one's mark: offers
 * share one TTL, so the later write carries the later expiry (up to clock skew between instances,
 * milliseconds of a hint).
 */
export async function markPendingOffers(
  store: TableStore,
  courierIds: readonly string[],
  until: number,
): Promise<Array<{ courierId: string; error: unknown }>> {
  // An INTEGER column like the other times; rounding up never ends the mark before the offer.
  const offerLoadUntil = Math.ceil(until);
  const results = await Promise.allSettled(
    courierIds.map((courierId) => store.updateRow(COURIERS, courierKey(courierId), { put: { offerLoadUntil } }, { row: 'EXPECT_EXIST' })),
  );
  return results.flatMap((r, i) => (r.status === 'rejected' ? [{ courierId: courierIds[i], error: r.reason as unknown }] : []));
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
      const rows = await readCell(store, cell);
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
      const row = await store.getRow(COURIERS, courierKey(entry.courierId));
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

/**
 * What findCandidates must answer, found by reading every courier row: the best eligible couriers
 * whose cell is within maxRings of the seller's. The tests' oracle and the benchmark's baseline.
 */
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
    const page = await store.getRange(COURIERS, start, [['courierId', MAX]]);
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

/** A courier's latest fix as the tables store it: `locationAt` in epoch milliseconds. */
interface Fix {
  lat: number;
  lon: number;
  cell: string;
  at: number;
}

interface CandidateQuery {
  seller: Position;
  dropoff: Position;
  sellerToDropoff: number;
  nowMs: number;
  want: number;
  exclude: ReadonlySet<string>;
  maxAgeMs: number;
}

interface IndexEntry {
  courierId: string;
  cell: string;
  /** The least score this courier can have: distance to the seller plus seller → dropoff (no load). */
  lowerBound: number;
}

function candidateQuery(
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

/** An index row worth checking: fresh enough and not excluded. */
function indexEntry(query: CandidateQuery, cell: string, key: PrimaryKey, row: Attributes): IndexEntry | undefined {
  const courierId = String(key[1][1]);
  const { lat, lon, locationAt } = row;
  if (query.exclude.has(courierId) || typeof lat !== 'number' || typeof lon !== 'number' || typeof locationAt !== 'number') return undefined;
  if (query.nowMs - locationAt > query.maxAgeMs) return undefined;
  return { courierId, cell, lowerBound: haversineMeters({ lat, lon }, query.seller) + query.sellerToDropoff };
}

/** The courier as a candidate, from its `couriers` row; undefined unless it may take the order. */
function eligibleCandidate(query: CandidateQuery, settings: DispatchSettings, courierId: string, row: Attributes): Candidate | undefined {
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

function byRank(a: Candidate, b: Candidate): number {
  if (a.score !== b.score) return a.score - b.score;
  return a.courierId < b.courierId ? -1 : a.courierId > b.courierId ? 1 : 0;
}

function insertRanked(ranked: Candidate[], candidate: Candidate): void {
  let i = ranked.length;
  while (i > 0 && byRank(ranked[i - 1], candidate) > 0) i--;
  ranked.splice(i, 0, candidate);
}

async function readCell(store: TableStore, cell: string): Promise<Array<{ key: PrimaryKey; attributes: Attributes }>> {
  const rows: Array<{ key: PrimaryKey; attributes: Attributes }> = [];
  let start: PrimaryKey | undefined = [['cell', cell], ['courierId', MIN]];
  while (start) {
    const page = await store.getRange(COURIER_CELLS, start, [['cell', cell], ['courierId', MAX]]);
    rows.push(...page.rows);
    start = page.next;
  }
  return rows;
}

/** Puts the fix in the index, then takes it out again if it stopped being the current one meanwhile. */
async function indexWhileCurrent(store: TableStore, courierId: string, fix: Fix): Promise<void> {
  await putIndexRow(store, courierId, fix);
  await dropIndexRowUnlessCurrent(store, courierId, fix);
}

/** Writes the fix's index row unless the cell already holds a newer fix of this courier. */
async function putIndexRow(store: TableStore, courierId: string, fix: Fix): Promise<void> {
  await ignoringConditionFailure(
    store.putRow(
      COURIER_CELLS,
      cellKey(fix.cell, courierId),
      { lat: fix.lat, lon: fix.lon, locationAt: fix.at },
      { row: 'IGNORE', column: { column: 'locationAt', op: '<=', value: fix.at } },
    ),
  );
}

/** Rule 3 of recordCourierLocation. */
async function dropIndexRowUnlessCurrent(store: TableStore, courierId: string, fix: Fix): Promise<void> {
  const now = await store.getRow(COURIERS, courierKey(courierId));
  if (now?.status === 'ONLINE' && now.locationAt === fix.at) return;
  await deleteIndexRowOf(store, courierId, fix);
}

/** Deletes the fix's index row if it still holds that fix. */
async function deleteIndexRowOf(store: TableStore, courierId: string, fix: Fix): Promise<void> {
  await ignoringConditionFailure(
    store.deleteRow(COURIER_CELLS, cellKey(fix.cell, courierId), {
      row: 'IGNORE',
      column: { column: 'locationAt', op: '=', value: fix.at, passIfMissing: false },
    }),
  );
}

/**
 * `locationAt` unchanged since it was read. A courier that never had a fix has no such column:
 * then "still absent", which is NOT(locationAt >= MIN_SAFE_INTEGER) with pass_if_missing off.
 */
function locationAtStill(at: number | undefined): ColumnCondition {
  if (at !== undefined) return { column: 'locationAt', op: '=', value: at, passIfMissing: false };
  return { not: { column: 'locationAt', op: '>=', value: Number.MIN_SAFE_INTEGER, passIfMissing: false } };
}

function fixOf(row: Attributes): Fix | undefined {
  const { lat, lon, cell, locationAt } = row;
  if (typeof lat !== 'number' || typeof lon !== 'number' || typeof cell !== 'string' || typeof locationAt !== 'number') return undefined;
  return { lat, lon, cell, at: locationAt };
}

async function ignoringConditionFailure(write: Promise<void>): Promise<void> {
  try {
    await write;
  } catch (err) {
    if (!(err instanceof ConditionFailedError)) throw err;
  }
}

/** `locationAt` and `statusAt` are INTEGER columns compared exactly: a fractional time would be a DOUBLE. */
function checkTime(nowMs: number): void {
  if (!Number.isSafeInteger(nowMs)) throw new RangeError(`nowMs must be an integer number of milliseconds, got ${nowMs}`);
}

function courierKey(courierId: string): PrimaryKey {
  return [['courierId', courierId]];
}

function cellKey(cell: string, courierId: string): PrimaryKey {
  return [
    ['cell', cell],
    ['courierId', courierId],
  ];
}
