export * from './dispatch-system';
export * from './props';
export { DISPATCH_DEFAULTS, DISPATCH_API_ROUTES } from './defaults';
export { DISPATCH_TABLES } from '../../runtime/dispatch/settings';
export type { DispatchSettings } from '../../runtime/dispatch/settings';
