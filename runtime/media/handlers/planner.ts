/** Function Compute entry of the media planner (OSS trigger). */
import type { EventHandler } from '../../shared/context';
import { withCloudDeps } from '../cloud-deps';
import { createPlanner } from '../planner';

export const handler: EventHandler = withCloudDeps(createPlanner);
