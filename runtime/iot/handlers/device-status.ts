/** Function Compute entry of the device-status function (FC 3.0 MNS topic trigger on the devices topic). */
import type { EventHandler } from '../../shared/context';
import { withDeviceCloudDeps } from '../cloud-deps';
import { createDeviceStatusHandler } from '../devices/device-status';

export const handler: EventHandler = withDeviceCloudDeps(createDeviceStatusHandler);
