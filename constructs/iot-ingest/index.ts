export * from './iot-ingest';
export * from './props';
export { IOT_DEFAULTS, CONTENT_API_ROUTES } from './defaults';
