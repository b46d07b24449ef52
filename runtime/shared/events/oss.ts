/**
 * OSS trigger events (`{ events: [...] }`, samples in test/fixtures/events/oss-object-created*.json).
 * Note eventName has no `oss:` prefix, unlike the trigger's own configuration.
 */
import type { ObjectStore } from '../ports';
import { isRecord, MalformedEventError, parseJsonEvent } from './malformed-event-error';

export interface OssObjectEvent {
  bucket: string;
  /** Best-effort decoded key (see decodeObjectKey); prefer resolveObjectKey before reading. */
  key: string;
  /** The key exactly as the event carries it. */
  rawKey: string;
  eTag: string;
  /** Absent on event types that do not report it. */
  size: number | undefined;
  eventName: string;
  eventTime: string;
  region: string;
}

/** Parses and validates an OSS trigger payload; throws MalformedEventError. */
export function parseOssEvent(event: Buffer | string): OssObjectEvent[] {
  const root = parseJsonEvent(event);
  if (!isRecord(root)) throw new MalformedEventError('$', 'expected a JSON object');
  const records = root.events;
  if (!Array.isArray(records)) throw new MalformedEventError('events', 'expected an array');
  // OSS never sends an empty batch; one is a sign of a wrong trigger wiring, so say so.
  if (records.length === 0) throw new MalformedEventError('events', 'empty array');
  return records.map((record, i) => parseRecord(record, `events[${i}]`));
}

function parseRecord(record: unknown, path: string): OssObjectEvent {
  const rawKey = requiredString(record, ['oss', 'object', 'key'], path);
  return {
    bucket: requiredString(record, ['oss', 'bucket', 'name'], path),
    key: decodeObjectKey(rawKey),
    rawKey,
    eTag: requiredString(record, ['oss', 'object', 'eTag'], path),
    size: optionalSize(record, path),
    eventName: requiredString(record, ['eventName'], path),
    eventTime: requiredString(record, ['eventTime'], path),
    region: requiredString(record, ['region'], path),
  };
}

function requiredString(record: unknown, fields: string[], base: string): string {
  let value: unknown = record;
  let path = base;
  for (const field of fields) {
    if (!isRecord(value)) throw new MalformedEventError(path, 'expected an object');
    value = value[field];
    path = `${path}.${field}`;
  }
  if (typeof value !== 'string' || value === '') throw new MalformedEventError(path, 'expected a non-empty string');
  return value;
}

function optionalSize(record: unknown, base: string): number | undefined {
  const object = isRecord(record) && isRecord(record.oss) ? record.oss.object : undefined;
  const size = isRecord(object) ? object.size : undefined;
  if (size === undefined) return undefined;
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 0) {
    throw new MalformedEventError(`${base}.oss.object.size`, 'expected a non-negative integer');
  }
  return size;
}

/**
 * Whether OSS URL-encodes keys in events is not documented (unverified), so decode only when the
 * key looks encoded (`%XX` or `+`), treat `+` as a space like form encoding, and leave any
 * escape that is not valid UTF-8 as it is. Never throws.
 */
export function decodeObjectKey(rawKey: string): string {
  if (!/%[0-9A-Fa-f]{2}|\+/.test(rawKey)) return rawKey;
  return rawKey.replace(/\+/g, ' ').replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

/**
 * The key under which the object really exists: the raw key first (OSS delivering keys verbatim),
 * then the decoded one; undefined when neither exists (deleted since, or another encoding).
 */
export async function resolveObjectKey(store: ObjectStore, record: OssObjectEvent): Promise<string | undefined> {
  if (await store.head(record.rawKey)) return record.rawKey;
  if (record.key !== record.rawKey && (await store.head(record.key))) return record.key;
  return undefined;
}

export interface OssEventFilter {
  prefix?: string;
  suffix?: string;
}

/**
 * Records whose key matches prefix and suffix. Either key form may match, because which one OSS
 * delivers is unverified. Filtering here as well as in the trigger guards against a function
 * writing into the prefix that triggers it (which would recurse forever).
 */
export function filterOssEvents(records: OssObjectEvent[], filter: OssEventFilter): OssObjectEvent[] {
  const matches = (key: string) =>
    (!filter.prefix || key.startsWith(filter.prefix)) && (!filter.suffix || key.endsWith(filter.suffix));
  return records.filter((r) => matches(r.key) || matches(r.rawKey));
}
