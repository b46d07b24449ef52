export * from './dispatch-system';
export * from './props';
export { DISPATCH_DEFAULTS, DISPATCH_API_ROUTES } from './defaults';
