export * from './live-mux-cluster';
export * from './props';
export { LIVE_DEFAULTS, ROOM_API_ROUTES } from './defaults';
