/** Function Compute entry of the dispatch notifier (async, one invocation per order). */
import type { EventHandler } from '../../shared/context';
import { withCloudDeps } from '../cloud-deps';
import { createNotifier } from '../notifier';

export const handler: EventHandler = withCloudDeps(createNotifier);
