/** Function Compute entry of a room's watchdog (delayed asynchronous invocations). */
import type { EventHandler } from '../../shared/context';
import { withLiveCloudDeps } from '../cloud-deps';
import { createWatchdog } from '../watchdog';

export const handler: EventHandler = withLiveCloudDeps(createWatchdog);
