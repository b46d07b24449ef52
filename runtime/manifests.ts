/**
 * Every pattern's function manifest, by its runtime folder: the one list a new pattern joins. The
 * bundle build makes one zip per entry from it and checks it against the handler files.
 */
import { DISPATCH_FUNCTIONS } from './dispatch/settings';
import { IOT_FUNCTIONS } from './iot/settings';
import { LIVE_FUNCTIONS } from './live/settings';
import { MEDIA_FUNCTIONS } from './media/settings';
import type { FunctionManifest } from './shared/function-manifest';

export const PATTERN_FUNCTIONS: Readonly<Record<string, FunctionManifest>> = {
  dispatch: DISPATCH_FUNCTIONS,
  iot: IOT_FUNCTIONS,
  live: LIVE_FUNCTIONS,
  media: MEDIA_FUNCTIONS,
};
