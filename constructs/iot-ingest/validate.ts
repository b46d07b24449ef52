import * as ros from '@alicloud/ros-cdk-core';
import { patternTableName } from '../core/table-store';
import { Validator } from '../core/validation';
import { MAX_STREAM_EXPIRATION_HOURS } from '../../runtime/shared/ots-contract';
import { BASE_TABLE_NAMES, IOT_TABLE_KEYS, IotSettings, IotTable } from '../../runtime/iot/settings';
import { IOT_DEFAULTS } from './defaults';
import { IotIngestProps } from './props';

/** Checks every prop of an IotIngest and returns the settings its functions run with; the tables are named after `pattern`. */
export function resolveIotSettings(props: IotIngestProps, v: Validator, pattern: ros.Construct): IotSettings {
  if (!props || typeof props.push !== 'object' || props.push === null) v.fail('push', props?.push, 'is required: { appKey } of your Mobile Push app');
  // The Push API takes AppKey as a long: anything else fails only when the first notification is sent.
  if (props.push.appKey === undefined) v.fail('push.appKey', undefined, 'is required');
  v.matches('push.appKey', props.push.appKey, /^[1-9]\d{3,18}$/, 'must be the AppKey of your Mobile Push app (EMAS console): 4-19 digits, not starting with 0');
  v.oneOf('push.apnsEnv', props.push.apnsEnv, ['DEV', 'PRODUCT'] as const);
  const dev = props.devices ?? {};
  if (dev.existingProductKey !== undefined && !ros.Token.isUnresolved(dev.existingProductKey)) {
    v.matches('devices.existingProductKey', dev.existingProductKey, /^[A-Za-z0-9]{1,64}$/, 'must be an IoT Platform ProductKey (letters and digits)');
  }
  if (dev.existingProductKey !== undefined && dev.productName !== undefined) {
    v.fail('devices.productName', dev.productName, 'names the product the pattern creates; with devices.existingProductKey none is created');
  }
  if (dev.iotInstanceId !== undefined && !ros.Token.isUnresolved(dev.iotInstanceId)) {
    v.matches('devices.iotInstanceId', dev.iotInstanceId, /^[A-Za-z0-9_-]{1,64}$/, 'must be an IoT Platform instance id, e.g. iot-cn-0pp1n8t****');
  }
  v.integer('devices.debounceSeconds', dev.debounceSeconds, 0, 3600);
  v.integer('devices.minNotifyIntervalSeconds', dev.minNotifyIntervalSeconds, 0, 86400);
  v.integer('devices.maxSendAttempts', dev.maxSendAttempts, 1, 9);
  if (dev.quietHours !== undefined) {
    const q = dev.quietHours;
    v.matches('devices.quietHours.start', q.start, /^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (00:00-23:59)');
    v.matches('devices.quietHours.end', q.end, /^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (00:00-23:59)');
    if (q.start === q.end) v.fail('devices.quietHours.end', q.end, 'must differ from start');
    v.integer('devices.quietHours.utcOffsetMinutes', q.utcOffsetMinutes, -720, 840);
  }
  v.integer('maxRetries', props.maxRetries, 0, 8);
  v.integer('maxEventAgeSeconds', props.maxEventAgeSeconds, 60, 604800);
  v.exclusive('existingLogSink', props.existingLogSink, 'logSinkProps', props.logSinkProps);
  v.integer('requestsPerMinute', props.requestsPerMinute, 1, 1000000);
  v.oneOf('protocol', props.protocol, ['HTTPS', 'HTTP,HTTPS'] as const);
  v.integer('maxBodyBytes', props.maxBodyBytes, 256, 1048576);
  v.integer('streamExpirationHours', props.streamExpirationHours, 1, MAX_STREAM_EXPIRATION_HOURS);
  const tables = Object.fromEntries(IOT_TABLE_KEYS.map((t) => [t, patternTableName(pattern, BASE_TABLE_NAMES[t])])) as Record<IotTable, string>;
  const d = IOT_DEFAULTS.devices;
  return {
    tables,
    searchIndex: `${tables.searchDocs}_index`,
    maxBodyBytes: props.maxBodyBytes ?? IOT_DEFAULTS.maxBodyBytes,
    devices: {
      debounceSeconds: dev.debounceSeconds ?? d.debounceSeconds,
      minNotifyIntervalSeconds: dev.minNotifyIntervalSeconds ?? d.minNotifyIntervalSeconds,
      ...(dev.quietHours
        ? { quietHours: { start: dev.quietHours.start, end: dev.quietHours.end, utcOffsetMinutes: dev.quietHours.utcOffsetMinutes } }
        : {}),
      maxSendAttempts: dev.maxSendAttempts ?? d.maxSendAttempts,
      push: { appKey: props.push.appKey, apnsEnv: props.push.apnsEnv ?? d.apnsEnv },
    },
  };
}
