/** Function Compute entry of the IotIngest content API (API Gateway FCEvent backend). */
import type { EventHandler } from '../../shared/context';
import { withCloudDeps } from '../cloud-deps';
import { createContentApi } from '../content-api';

export const handler: EventHandler = withCloudDeps(createContentApi);
