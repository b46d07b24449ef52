/** Function Compute entry of the media transcoder (async, one invocation per part). */
import type { EventHandler } from '../../shared/context';
import { withCloudDeps } from '../cloud-deps';
import { createTranscoder } from '../transcoder';

export const handler: EventHandler = withCloudDeps(createTranscoder);
