export * from './media-pipeline';
export * from './props';
export { DEFAULT_LADDER, MEDIA_DEFAULTS } from './defaults';
export type { MediaSettings } from '../../runtime/media/settings';
