/**
 * The start every failure handler shares: FC's destination payload parsed (a malformed one is one
 * structured error line, then nothing is written), and the invocation FC gave up on logged with what
 * it was, how often it was tried and why it failed.
 */
import type { Logger } from '../log';
import { parseAsyncDestinationEvent, type AsyncInvocationFailure } from './async-destination';
import { parseTriggerEvent } from './parse-trigger-event';

export type GivenUp = { ok: true; failure: AsyncInvocationFailure; fields: Record<string, unknown> } | { ok: false; malformed: string };

export function receiveGivenUp(event: Buffer, log: Logger): GivenUp {
  const parsed = parseTriggerEvent(log, 'malformed destination payload', () => parseAsyncDestinationEvent(event));
  if (!parsed.ok) return { ok: false, malformed: parsed.error.message };
  const failure = parsed.event;
  const fields = {
    failedFunction: failure.functionName,
    failedRequestId: failure.requestId,
    attempts: failure.attempts,
    condition: failure.condition,
  };
  log.error('invocation failed after retries', { ...fields, errorType: failure.errorType, errorMessage: failure.errorMessage });
  return { ok: true, failure, fields };
}
