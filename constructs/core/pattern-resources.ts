import * as ros from '@alicloud/ros-cdk-core';
import { ILogSink, IndexedField, LogSink, LogSinkProps, structuredLogFields } from './log-sink';
import { childId, NAME_RULES } from './naming';
import { BucketRef, SecureBucket, SecureBucketProps } from './secure-bucket';
import { Validator } from './validation';
import { bucketRefOf, ExistingBucket, ExistingLogSink, logSinkRefOf } from './existing';

/** A resource a pattern either brought (ref only) or created (`created`, with everything it made). */
export interface ExistingOrNew<C, R> {
  /** What the pattern created; undefined when the user brought the resource. */
  readonly created?: C;
  /** The resource to use, brought or created. */
  readonly ref: R;
}

/** The user's bucket, or a SecureBucket with `props`. */
export function bucketFor(
  pattern: ros.Construct,
  part: string,
  given: ExistingBucket | undefined,
  props: SecureBucketProps | undefined,
  validator: Validator,
  prop: string,
): ExistingOrNew<SecureBucket, BucketRef> {
  if (given) {
    const existing = bucketRefOf(given);
    // An empty or missing name would only fail at deploy time, in a trigger or a policy.
    const existingProp = `existing${part}Bucket.bucketName`;
    if (typeof existing.bucketName !== 'string') validator.fail(existingProp, existing.bucketName, 'is required: the name of your OSS bucket');
    validator.matches(existingProp, existing.bucketName, NAME_RULES.bucket.pattern, NAME_RULES.bucket.rule);
    return { ref: existing };
  }
  const created = new SecureBucket(pattern, childId(pattern.node.id, part), props ?? {}, validator, prop, part.toLowerCase());
  return { created, ref: created };
}

/** The user's Log Service project and logstore, or a LogSink indexing our structured fields plus `fields`. */
export function logSinkFor(
  pattern: ros.Construct,
  existing: ExistingLogSink | undefined,
  props: LogSinkProps | undefined,
  fields: IndexedField[],
  validator: Validator,
): ExistingOrNew<LogSink, ILogSink> {
  if (existing) return { ref: logSinkRefOf(existing) };
  const created = new LogSink(
    pattern,
    childId(pattern.node.id, 'Logs'),
    // The pattern's fields are always indexed (its queries and the README's depend on them); a user's fields are added,
    // and a user's field of the same name sets its type.
    { ...props, indexedFields: mergeFields(structuredLogFields(fields), props?.indexedFields ?? []) },
    validator,
    'logSinkProps.',
  );
  return { created, ref: created };
}

function mergeFields(pattern: ReadonlyArray<IndexedField>, user: ReadonlyArray<IndexedField>): IndexedField[] {
  const byName = new Map(pattern.map((f) => [f.name, f]));
  for (const f of user) byName.set(f.name, f);
  return [...byName.values()];
}
