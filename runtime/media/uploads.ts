/**
 * Which objects are uploads the pipeline processes. The trigger (one per bucket) filters on the
 * input prefix only; everything else is decided here, by the planner, the failure handler and the
 * local runner alike. Suffixes compare case-insensitively: iPhones upload `IMG_0001.MOV`, and one
 * trigger per case variant would use up OSS's 10 triggers per bucket.
 */
import type { OssObjectEvent } from '../shared/events/oss';
import type { MediaSettings } from './settings';

export type UploadRules = Pick<MediaSettings, 'inputPrefix' | 'outputPrefix' | 'inputSuffixes'>;

/** Undefined when `key` is an upload the pipeline processes, else why it is not. */
export function uploadRejection(rules: UploadRules, key: string): string | undefined {
  if (!key.startsWith(rules.inputPrefix)) return `key is not under the input prefix ${JSON.stringify(rules.inputPrefix)}`;
  // Outputs may lie under the input prefix; processing them would loop forever.
  if (key.startsWith(rules.outputPrefix)) return `key is under the output prefix ${JSON.stringify(rules.outputPrefix)}`;
  const lower = key.toLowerCase();
  if (!rules.inputSuffixes.some((suffix) => lower.endsWith(suffix.toLowerCase()))) {
    return `key does not end with one of ${rules.inputSuffixes.join(' ')} (any case)`;
  }
  return undefined;
}

/**
 * Only new objects are transcoded. The trigger subscribes to ObjectCreated events alone (OBJECT_CREATED_EVENTS in
 * constructs/core/oss-trigger.ts), but a trigger edited by hand, or another source, may deliver others (ObjectRemoved,
 * ObjectModified...; https://www.alibabacloud.com/help/en/functioncompute/fc/user-guide/overview-of-oss-trigger); names carry
 * no `oss:` prefix in events.
 */
export const OBJECT_CREATED_PREFIX = 'ObjectCreated:';

/**
 * The same for an OSS event record: a non-ObjectCreated event is rejected first; the key may arrive URL-encoded,
 * so either form may match (see decodeObjectKey).
 */
export function recordRejection(rules: UploadRules, record: Pick<OssObjectEvent, 'key' | 'rawKey' | 'eventName'>): string | undefined {
  if (!record.eventName.startsWith(OBJECT_CREATED_PREFIX)) return `event ${record.eventName} is not an ObjectCreated event`;
  const rejection = uploadRejection(rules, record.key);
  return rejection === undefined || uploadRejection(rules, record.rawKey) === undefined ? undefined : rejection;
}
