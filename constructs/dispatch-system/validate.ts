import * as ros from '@alicloud/ros-cdk-core';
import { patternTableName } from '../core/table-store';
import { Validator } from '../core/validation';
import { BASE_TABLE_NAMES, DISPATCH_TABLE_KEYS, DispatchSettings, DispatchTable } from '../../runtime/dispatch/settings';
import { DISPATCH_DEFAULTS } from './defaults';
import { DispatchSystemProps } from './props';

/**
 * Checks every prop of a DispatchSystem and returns the settings its functions run with. Tables
 * the pattern creates are named after `pattern`; without it, they are the documented names.
 */
export function resolveDispatchSettings(props: DispatchSystemProps, v: Validator, pattern?: ros.Construct): DispatchSettings {
  v.exclusive('existingTableStore', props.existingTableStore, 'tableStoreProps', props.tableStoreProps);
  if (props.existingTables === true && props.existingTableStore === undefined) {
    v.fail('existingTables', true, 'needs existingTableStore: the instance that holds the tables');
  }
  v.exclusive('existingLogSink', props.existingLogSink, 'logSinkProps', props.logSinkProps);
  if (!props.push || typeof props.push !== 'object') v.fail('push', props.push, 'is required: { appKey } of your Mobile Push app');
  if (props.push.appKey === undefined) v.fail('push.appKey', undefined, 'is required');
  // The Push API takes AppKey as a long: anything else fails only when the first notification is sent.
  v.matches('push.appKey', props.push.appKey, /^[1-9]\d{3,18}$/, 'must be the AppKey of your Mobile Push app (EMAS console): 4-19 digits, not starting with 0');
  v.oneOf('push.apnsEnv', props.push.apnsEnv, ['DEV', 'PRODUCT'] as const);
  v.integer('requestsPerMinute', props.requestsPerMinute, 1, 1000000);
  v.oneOf('protocol', props.protocol, ['HTTPS', 'HTTP,HTTPS'] as const);
  v.integer('offer.size', props.offer?.size, 1, 20);
  v.integer('offer.ttlSeconds', props.offer?.ttlSeconds, 10, 600);
  v.integer('offer.maxRounds', props.offer?.maxRounds, 1, 20);
  v.integer('cellPrecision', props.cellPrecision, 5, 8);
  v.integer('maxRings', props.maxRings, 1, 10);
  v.integer('locationMaxAgeSeconds', props.locationMaxAgeSeconds, 5, 3600);
  v.integer('courierCapacity', props.courierCapacity, 1, 20);
  v.integer('loadPenaltyMeters', props.loadPenaltyMeters, 0, 100000);
  v.integer('maxBodyBytes', props.maxBodyBytes, 256, 1048576);
  // The notifier's FC retries must cover every send attempt, and FC allows at most 8 retries.
  v.integer('maxSendAttempts', props.maxSendAttempts, 1, 9);
  v.integer('maxRetries', props.maxRetries, 0, 8);
  v.integer('maxEventAgeSeconds', props.maxEventAgeSeconds, 60, 604800);
  const d = DISPATCH_DEFAULTS;
  const tableName = (t: DispatchTable) => (pattern ? patternTableName(pattern, BASE_TABLE_NAMES[t]) : BASE_TABLE_NAMES[t]);
  return {
    tables: Object.fromEntries(DISPATCH_TABLE_KEYS.map((t) => [t, tableName(t)])) as Record<DispatchTable, string>,
    cellPrecision: props.cellPrecision ?? d.cellPrecision,
    maxRings: props.maxRings ?? d.maxRings,
    offerSize: props.offer?.size ?? d.offer.size,
    offerTtlSeconds: props.offer?.ttlSeconds ?? d.offer.ttlSeconds,
    maxOfferRounds: props.offer?.maxRounds ?? d.offer.maxRounds,
    locationMaxAgeSeconds: props.locationMaxAgeSeconds ?? d.locationMaxAgeSeconds,
    defaultCourierCapacity: props.courierCapacity ?? d.courierCapacity,
    loadPenaltyMeters: props.loadPenaltyMeters ?? d.loadPenaltyMeters,
    maxBodyBytes: props.maxBodyBytes ?? d.maxBodyBytes,
    maxSendAttempts: props.maxSendAttempts ?? d.maxSendAttempts,
    push: { appKey: props.push.appKey, apnsEnv: props.push.apnsEnv ?? d.apnsEnv },
  };
}
