/**
 * A trigger payload that does not have the documented shape. Handlers log it (it carries
 * `code`, so logError records it) and write nothing: retrying a malformed event cannot help.
 */
export class MalformedEventError extends Error {
  readonly code = 'MalformedEvent';

  constructor(
    /** Where in the payload, e.g. `events[0].oss.object.key`; `$` is the whole payload. */
    readonly path: string,
    readonly reason: string,
  ) {
    super(`Malformed event at ${path}: ${reason}`);
    this.name = 'MalformedEventError';
  }
}

/** Parses a trigger payload as JSON, or throws MalformedEventError. */
export function parseJsonEvent(event: Buffer | string): unknown {
  const text = Buffer.isBuffer(event) ? event.toString('utf8') : event;
  if (text.trim() === '') throw new MalformedEventError('$', 'empty payload');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new MalformedEventError('$', `not JSON (${(err as Error).message})`);
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
