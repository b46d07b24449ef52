/** Function Compute entry of the device failure handler (on-failure destination of the transition check). */
import type { EventHandler } from '../../shared/context';
import { withDeviceCloudDeps } from '../cloud-deps';
import { createDeviceFailureHandler } from '../devices/device-failure';

export const handler: EventHandler = withDeviceCloudDeps(createDeviceFailureHandler);
