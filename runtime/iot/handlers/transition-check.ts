/** Function Compute entry of the transition check (delayed asynchronous invocations queued by device-status). */
import type { EventHandler } from '../../shared/context';
import { withDeviceCloudDeps } from '../cloud-deps';
import { createTransitionCheck } from '../devices/transition-check';

export const handler: EventHandler = withDeviceCloudDeps(createTransitionCheck);
