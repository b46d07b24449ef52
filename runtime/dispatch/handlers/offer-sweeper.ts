/** Function Compute entry of the offer sweeper (timer trigger, every minute). */
import type { EventHandler } from '../../shared/context';
import { withCloudDeps } from '../cloud-deps';
import { createOfferSweeper } from '../offer-sweeper';

export const handler: EventHandler = withCloudDeps(createOfferSweeper);
