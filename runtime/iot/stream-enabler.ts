/**
 * The custom resource that turns on the posts table's stream at deploy time (ROS has no stream
 * property on ALIYUN::OTS::Table; the Tablestore trigger wants the stream on before it is created,
 * so the trigger depends on this resource). Properties: InstanceName, Endpoint, TableName,
 * ExpirationHours. Delete leaves the stream alone: the table goes with the stack.
 */
import type { TableStoreClient } from '../shared/cloud/tablestore-sdk';
import type { CustomResourceRequest } from '../shared/custom-resource/ros-custom-resource';
import { enableTableStream, type StreamSwitchOptions } from '../shared/cloud/ots-table-stream';
import type { Logger } from '../shared/log';

export interface StreamEnablerTarget {
  instanceName: string;
  endpoint: string;
  tableName: string;
  expirationHours: number;
}

export function streamTarget(properties: Record<string, unknown>): StreamEnablerTarget {
  const text = (name: string) => {
    const value = properties[name];
    if (typeof value !== 'string' || value === '') throw new Error(`property ${name} must be a non-empty string`);
    return value;
  };
  // ROS hands template parameters to the function as strings.
  const hours = Number(properties.ExpirationHours);
  return { instanceName: text('InstanceName'), endpoint: text('Endpoint'), tableName: text('TableName'), expirationHours: hours };
}

export async function actOnStream(
  request: CustomResourceRequest,
  log: Logger,
  clientFor: (target: StreamEnablerTarget) => TableStoreClient,
  options: StreamSwitchOptions = {},
) {
  const target = streamTarget(request.properties);
  const physicalResourceId = `${target.instanceName}/${target.tableName}/stream`;
  if (request.requestType === 'Delete') return { physicalResourceId: request.physicalResourceId ?? physicalResourceId };
  const result = await enableTableStream(clientFor(target), target.tableName, target.expirationHours, options);
  log.info('table stream', { table: target.tableName, changed: result.changed, expirationHours: result.expirationHours });
  return { physicalResourceId, data: { StreamExpirationHours: String(result.expirationHours) } };
}
