import * as ros from '@alicloud/ros-cdk-core';
import { patternTableName } from '../core/table-store';
import { Validator } from '../core/validation';
import { MAX_STREAM_EXPIRATION_HOURS } from '../../runtime/shared/ots-contract';
import { BASE_TABLE_NAMES, IOT_TABLE_KEYS, IotSettings, IotTable } from '../../runtime/iot/settings';
import { IOT_DEFAULTS } from './defaults';
import { IotIngestProps } from './props';

/** Checks every prop of an IotIngest and returns the settings its functions run with; the tables are named after `pattern`. */
export function resolveIotSettings(props: IotIngestProps, v: Validator, pattern: ros.Construct): IotSettings {
  v.exclusive('existingLogSink', props.existingLogSink, 'logSinkProps', props.logSinkProps);
  v.integer('requestsPerMinute', props.requestsPerMinute, 1, 1000000);
  v.oneOf('protocol', props.protocol, ['HTTPS', 'HTTP,HTTPS'] as const);
  v.integer('maxBodyBytes', props.maxBodyBytes, 256, 1048576);
  v.integer('streamExpirationHours', props.streamExpirationHours, 1, MAX_STREAM_EXPIRATION_HOURS);
  const tables = Object.fromEntries(IOT_TABLE_KEYS.map((t) => [t, patternTableName(pattern, BASE_TABLE_NAMES[t])])) as Record<IotTable, string>;
  return { tables, searchIndex: `${tables.searchDocs}_index`, maxBodyBytes: props.maxBodyBytes ?? IOT_DEFAULTS.maxBodyBytes };
}
