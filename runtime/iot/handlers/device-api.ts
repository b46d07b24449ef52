/** Function Compute entry of the IotIngest device API (API Gateway FCEvent backend). */
import type { EventHandler } from '../../shared/context';
import { withDeviceCloudDeps } from '../cloud-deps';
import { createDeviceApi } from '../devices/device-api';

export const handler: EventHandler = withDeviceCloudDeps(createDeviceApi);
