/** Function Compute entry of the media completion notifier (async, queued when a job ends; its return goes to the user's destination). */
import type { EventHandler } from '../../shared/context';
import { withCloudDeps } from '../cloud-deps';
import { createCompletionNotifier } from '../completion';

export const handler: EventHandler = withCloudDeps(createCompletionNotifier);
