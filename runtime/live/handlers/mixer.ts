/** Function Compute entry of the room mixer (custom runtime with the FFmpeg layer; one async invocation per start). */
import type { EventHandler } from '../../shared/context';
import { withLiveCloudDeps } from '../cloud-deps';
import { createMixer } from '../mixer-function';

export const handler: EventHandler = withLiveCloudDeps(createMixer);
