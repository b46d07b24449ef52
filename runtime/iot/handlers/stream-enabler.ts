/** Function Compute entry of the custom resource that turns on the posts table's stream at deploy time. */
import { loadTableStoreSdk } from '../../shared/cloud/tablestore-sdk';
import type { EventHandler } from '../../shared/context';
import { createCustomResourceHandler, postAnswer } from '../../shared/custom-resource/ros-custom-resource';
import { stdoutSink } from '../../shared/log';
import { actOnStream } from '../stream-enabler';

export const handler: EventHandler = (event, ctx) => {
  const { accessKeyId, accessKeySecret, securityToken } = ctx.credentials;
  const sdk = loadTableStoreSdk();
  return createCustomResourceHandler({ respond: postAnswer, log: stdoutSink }, (request, log) =>
    actOnStream(request, log, (target) => {
      const credentials = { accessKeyId, accessKeySecret, stsToken: securityToken };
      return new sdk.Client({ ...credentials, endpoint: target.endpoint, instancename: target.instanceName });
    }),
  )(event, ctx);
};
