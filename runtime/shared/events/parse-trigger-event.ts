/**
 * A trigger payload parsed, or found malformed: then one structured error line is logged and the
 * caller answers "malformed" without writing anything (a retry cannot fix the payload). Any other
 * error of the parser propagates.
 */
import type { Logger } from '../log';
import { MalformedEventError } from './malformed-event-error';

export type ParsedEvent<T> = { ok: true; event: T } | { ok: false; error: MalformedEventError };

/** `message` names what was malformed, e.g. "malformed notifier event"; `fields` are added to its log line. */
export function parseTriggerEvent<T>(log: Logger, message: string, parse: () => T, fields?: Record<string, unknown>): ParsedEvent<T> {
  try {
    return { ok: true, event: parse() };
  } catch (err) {
    if (!(err instanceof MalformedEventError)) throw err;
    log.logError(err, message, fields);
    return { ok: false, error: err };
  }
}
