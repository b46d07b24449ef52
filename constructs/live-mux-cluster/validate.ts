import * as ros from '@alicloud/ros-cdk-core';
import { validateFfmpegLayerArn } from '../core/function-runtime';
import { NAME_RULES } from '../core/naming';
import { patternTableName } from '../core/table-store';
import { Validator } from '../core/validation';
import { LIVE_BASE_TABLE_NAMES, MAX_MICS, LIVE_TABLE_KEYS, LiveSettings, LiveTable, OUTPUT_LIMITS } from '../../runtime/live/settings';
import { HANDOVER_MARGIN_SECONDS, LIVE_DEFAULTS } from './defaults';
import { LiveMuxClusterProps } from './props';

/** A host name: labels of letters, digits and hyphens, a top-level label of letters (what Live's AddLiveDomain takes). */
const DOMAIN = /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/**
 * Checks every prop of a LiveMuxCluster and returns the settings its functions run with; the tables are named after
 * `pattern`.
 */
export function resolveLiveSettings(props: LiveMuxClusterProps, v: Validator, pattern: ros.Construct, mixerTimeoutSeconds: number): LiveSettings {
  for (const prop of ['ingestDomain', 'playDomain'] as const) {
    const value = props?.[prop];
    if (value === undefined) v.fail(prop, value, 'is required: an ApsaraVideo Live domain name');
    v.matches(prop, value, DOMAIN, 'must be a domain name, e.g. push.example.com (no scheme, no path)');
  }
  // Live adds the ingest and the streaming domain as two domains and associates them (AddLiveDomain, AddLiveStreamMerge).
  if (props.ingestDomain.toLowerCase() === props.playDomain.toLowerCase()) {
    v.fail(
      'playDomain',
      props.playDomain,
      'must differ from ingestDomain: ApsaraVideo Live pushes to an ingest domain and plays from a streaming domain',
    );
  }
  // Live's URL pages call AppName a custom name; we take the characters its stream names take, without `*` and `/`.
  v.matches('appName', props.appName, /^[A-Za-z0-9_-]{1,256}$/, 'must be 1-256 letters, digits, hyphens and underscores');
  v.matches('existingKeysParameterName', props.existingKeysParameterName, NAME_RULES.oosParameter.pattern, NAME_RULES.oosParameter.rule);
  const signing = props.signing ?? {};
  v.oneOf('signing.timestampConvention', signing.timestampConvention, ['signing-time', 'expiry-time'] as const);
  v.integer('signing.pushUrlLifetimeSeconds', signing.pushUrlLifetimeSeconds, 60, 86400);
  v.integer('signing.playUrlLifetimeSeconds', signing.playUrlLifetimeSeconds, 60, 86400);
  const out = props.defaultOutput ?? {};
  for (const dim of ['width', 'height'] as const) {
    const [min, max] = OUTPUT_LIMITS[dim];
    v.integer(`defaultOutput.${dim}`, out[dim], min, max, 2);
  }
  v.integer('defaultOutput.fps', out.fps, ...OUTPUT_LIMITS.fps);
  const mixer = props.mixer ?? {};
  v.integer('mixer.maxMics', mixer.maxMics, 1, MAX_MICS);
  v.integer('mixer.idleStopSeconds', mixer.idleStopSeconds, 10, 3600);
  v.integer('mixer.watchdogIntervalSeconds', mixer.watchdogIntervalSeconds, 5, 600);
  v.integer('mixer.startGraceSeconds', mixer.startGraceSeconds, 10, 600);
  v.integer('mixer.slotWidth', mixer.slotWidth, 64, 1920, 2);
  v.integer('mixer.slotHeight', mixer.slotHeight, 64, 1080, 2);
  v.exclusive('existingLogSink', props.existingLogSink, 'logSinkProps', props.logSinkProps);
  v.integer('requestsPerMinute', props.requestsPerMinute, 1, 1000000);
  v.oneOf('protocol', props.protocol, ['HTTPS', 'HTTP,HTTPS'] as const);
  v.integer('maxBodyBytes', props.maxBodyBytes, 256, 1048576);
  v.integer('maxEventAgeSeconds', props.maxEventAgeSeconds, 60, 604800);
  validateFfmpegLayerArn(v, props.ffmpegLayerArn);
  const d = LIVE_DEFAULTS;
  const app = props.appName ?? d.appName;
  return {
    tables: Object.fromEntries(LIVE_TABLE_KEYS.map((t) => [t, patternTableName(pattern, LIVE_BASE_TABLE_NAMES[t])])) as Record<LiveTable, string>,
    ingest: { domain: props.ingestDomain, app },
    play: { domain: props.playDomain, app },
    signing: {
      convention: signing.timestampConvention ?? d.timestampConvention,
      pushLifetimeSeconds: signing.pushUrlLifetimeSeconds ?? d.pushUrlLifetimeSeconds,
      playLifetimeSeconds: signing.playUrlLifetimeSeconds ?? d.playUrlLifetimeSeconds,
    },
    defaultOutput: { width: out.width ?? d.output.width, height: out.height ?? d.output.height, fps: out.fps ?? d.output.fps },
    maxBodyBytes: props.maxBodyBytes ?? d.maxBodyBytes,
    mixer: {
      idleStopSeconds: mixer.idleStopSeconds ?? d.idleStopSeconds,
      watchdogIntervalSeconds: mixer.watchdogIntervalSeconds ?? d.watchdogIntervalSeconds,
      startGraceSeconds: mixer.startGraceSeconds ?? d.startGraceSeconds,
      // Early enough for the next invocation's cold start and the handover itself.
      handoverAfterSeconds: mixerTimeoutSeconds - HANDOVER_MARGIN_SECONDS,
      slots: mixer.maxMics ?? d.maxMics,
      slotSize: { width: mixer.slotWidth ?? d.slotSize.width, height: mixer.slotHeight ?? d.slotSize.height },
    },
  };
}
