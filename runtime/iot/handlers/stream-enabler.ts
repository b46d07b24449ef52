/** Function Compute entry of the custom resource that turns on the posts table's stream at deploy time. */
import { loadTableStoreSdk, tableStoreClient } from '../../shared/cloud/tablestore-sdk';
import type { EventHandler } from '../../shared/context';
import { createCustomResourceHandler, postAnswer } from '../../shared/custom-resource/ros-custom-resource';
import { stdoutSink } from '../../shared/log';
import { actOnStream } from '../stream-enabler';

export const handler: EventHandler = (event, ctx) => {
  const sdk = loadTableStoreSdk();
  return createCustomResourceHandler({ respond: postAnswer, log: stdoutSink }, (request, log) =>
    actOnStream(request, log, (target) => tableStoreClient(sdk, ctx.credentials, target)),
  )(event, ctx);
};
