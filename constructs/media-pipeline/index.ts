export * from './media-pipeline';
export * from './props';
export { DEFAULT_LADDER, MEDIA_DEFAULTS } from './defaults';
