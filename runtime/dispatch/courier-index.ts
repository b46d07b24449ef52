/**
 * Where couriers are and which are free, through the TableStore port: what the handlers import.
 *
 * `couriers` (PK courierId) is the truth: status, load, capacity and the latest fix. The
 * `courier_cells` index (PK [cell, courierId]) holds one row per ONLINE courier under the geohash
 * cell of its latest fix, so a search reads a few cells instead of every courier.
 *
 * One job a file: joining and going ONLINE/OFFLINE (courier-registry), position reports
 * (courier-location), the index rows (location-index), the ring search (nearest-search) and the
 * score it ranks by (candidate-ranking), and the open-offer marks that score counts as load
 * (offer-load-marks).
 */
export { recordCourierFix, recordCourierLocation, type RecordedFix } from './courier-location';
export { registerCourier, setCourierStatus, UnknownCourierError } from './courier-registry';
export { findCandidates } from './nearest-search';
export { markPendingOffers } from './offer-load-marks';
