/** Function Compute entry of the media reaper (timer trigger). */
import type { EventHandler } from '../../shared/context';
import { withCloudDeps } from '../cloud-deps';
import { createReaper } from '../reaper';

export const handler: EventHandler = withCloudDeps(createReaper);
