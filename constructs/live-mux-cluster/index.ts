export * from './live-mux-cluster';
export * from './props';
export { LIVE_DEFAULTS, ROOM_API_ROUTES } from './defaults';
export { LIVE_TABLES } from '../../runtime/live/settings';
export type { LiveSettings, MixerSettings, TimestampConvention } from '../../runtime/live/settings';
