export * from './iot-ingest';
export * from './props';
export { IOT_DEFAULTS, CONTENT_API_ROUTES } from './defaults';
export { IOT_TABLES } from '../../runtime/iot/settings';
export type { IotSettings, DeviceSettings } from '../../runtime/iot/settings';
