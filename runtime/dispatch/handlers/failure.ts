/** Function Compute entry of the dispatch failure handler (async on-failure destination). */
import type { EventHandler } from '../../shared/context';
import { withCloudDeps } from '../cloud-deps';
import { createFailureHandler } from '../failure';

export const handler: EventHandler = withCloudDeps(createFailureHandler);
