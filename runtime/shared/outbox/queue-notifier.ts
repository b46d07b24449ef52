/**
 * Asks the notifier to deliver an outbox. Called right after a write that added entries and again
 * by any replayed request that finds entries unsent: that closes the window in which the write
 * landed but this call did not (crash, or FC refusing the invoke). If the invoke fails the request
 * answers 503 so the client retries, and the retry (a replay) invokes again.
 */
import { HttpError } from '../http/http-error';
import type { Logger } from '../log';
import type { Invoker } from '../ports';

export interface NotifierQueue {
  invoker: Invoker;
  /** The notifier function, invoked asynchronously with `payload`. */
  notifierFunction: string;
}

export async function queueNotifier(queue: NotifierQueue, payload: Record<string, string>, log: Logger): Promise<void> {
  try {
    await queue.invoker.invokeAsync(queue.notifierFunction, payload);
  } catch (err) {
    log.logError(err, 'notifier invoke failed', payload);
    throw new HttpError(503, 'notifier_unavailable', 'the change is saved but its notifications could not be queued; retry the request');
  }
}
