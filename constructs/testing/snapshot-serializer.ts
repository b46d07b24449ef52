import { createHash } from 'crypto';

/** Structural twin of jest's `SnapshotSerializerPlugin`, so the library does not depend on jest's types. */
export interface SnapshotSerializer {
  /** Whether the serializer handles `value`. */
  test(value: unknown): boolean;
  /** Prints `value` for a snapshot, through jest's `printer` for what it contains. */
  serialize(
    value: any,
    config: any,
    indentation: string,
    depth: number,
    refs: any,
    printer: (value: unknown, config: any, indentation: string, depth: number, refs: any) => string,
  ): string;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  // Tag check, not prototype identity: under jest, values may come from another realm (e.g. node's structuredClone).
  return Object.prototype.toString.call(value) === '[object Object]';
}

const PLACEHOLDER = /^<zip sha256:[0-9a-f]{12} \d+ bytes>$/;

/**
 * Stable stand-in for an inline code zip: changes when the bundle changes, stays short in snapshots.
 * A placeholder is kept as it is, so masking twice (toJSON, then the serializer) changes nothing.
 */
export function zipPlaceholder(base64: string): string {
  if (PLACEHOLDER.test(base64)) return base64;
  const sha = createHash('sha256').update(base64).digest('hex').slice(0, 12);
  return `<zip sha256:${sha} ${Buffer.from(base64, 'base64').length} bytes>`;
}

/** Deep copy of a JSON value with every string under a `ZipFile` key replaced by {@link zipPlaceholder}. */
export function maskZipFiles<T>(value: T): T {
  if (Array.isArray(value)) return value.map(maskZipFiles) as T;
  if (!isPlainObject(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) copy[key] = key === 'ZipFile' && typeof v === 'string' ? zipPlaceholder(v) : maskZipFiles(v);
  return copy as T;
}

// Masked copies still look like templates; remembering them stops `printer` from handing them straight back to us.
const masked = new WeakSet<object>();

export function test(value: unknown): boolean {
  return isPlainObject(value) && !masked.has(value) && ('ROSTemplateFormatVersion' in value || 'Resources' in value);
}

export const serialize: SnapshotSerializer['serialize'] = (value, config, indentation, depth, refs, printer) => {
  const copy = maskZipFiles(value) as object;
  masked.add(copy);
  return printer(copy, config, indentation, depth, refs);
};

/**
 * For `expect.addSnapshotSerializer(snapshotSerializer)`. The module itself is a plugin too, so jest's
 * `snapshotSerializers` config can name this file directly (jest loads serializers through its transformer).
 */
export const snapshotSerializer: SnapshotSerializer = { test, serialize };
