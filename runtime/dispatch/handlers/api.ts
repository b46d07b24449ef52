/** Function Compute entry of the dispatch API (API Gateway FCEvent backend). */
import type { EventHandler } from '../../shared/context';
import { withCloudDeps } from '../cloud-deps';
import { createApiHandler } from '../api';

export const handler: EventHandler = withCloudDeps(createApiHandler);
