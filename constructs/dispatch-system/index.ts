export * from './dispatch-system';
export * from './props';
export { DISPATCH_DEFAULTS, DISPATCH_ROUTES } from './defaults';
