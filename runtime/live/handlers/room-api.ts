/** Function Compute entry of the LiveMuxCluster room API (API Gateway FCEvent backend). */
import type { EventHandler } from '../../shared/context';
import { withLiveCloudDeps } from '../cloud-deps';
import { createRoomApi } from '../room-api';

export const handler: EventHandler = withLiveCloudDeps(createRoomApi);
