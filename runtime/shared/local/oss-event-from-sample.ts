/** An OSS ObjectCreated event for one object, made from an official sample by replacing its object fields. */
import { readFileSync } from 'node:fs';

export interface EventObject {
  bucket: string;
  key: string;
  eTag: string;
  size: number;
}

/** `sampleFile` is one of test/fixtures/events/oss-object-created*.json; one record per object. */
export function ossEventFromSample(sampleFile: string, objects: EventObject[]): Buffer {
  const sample = JSON.parse(readFileSync(sampleFile, 'utf8')) as {
    events: Array<{ oss: { bucket: { name: string; arn: string }; object: Record<string, unknown> } }>;
  };
  const template = JSON.stringify(sample.events[0]);
  const events = objects.map((o) => {
    const record = JSON.parse(template) as (typeof sample.events)[0];
    record.oss.bucket.name = o.bucket;
    record.oss.bucket.arn = record.oss.bucket.arn.replace(/:[^:]*$/, `:${o.bucket}`);
    Object.assign(record.oss.object, { key: o.key, eTag: o.eTag, size: o.size, deltaSize: o.size });
    return record;
  });
  return Buffer.from(JSON.stringify({ ...sample, events }));
}

/** OSS events carry the ETag without quotes. */
export function eventETag(storeEtag: string): string {
  return storeEtag.replace(/^"|"$/g, '');
}
