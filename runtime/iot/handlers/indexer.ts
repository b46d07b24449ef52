/** Function Compute entry of the IotIngest indexer (FC 3.0 Tablestore trigger on the posts table). */
import type { EventHandler } from '../../shared/context';
import { withCloudDeps } from '../cloud-deps';
import { createIndexer } from '../indexer';

export const handler: EventHandler = withCloudDeps(createIndexer);
