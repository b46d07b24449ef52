/** Push on a laptop and in tests: records every request; `failWith` makes sends fail. */
import type { Push, PushRequest } from '../ports';

export class LocalPush implements Push {
  readonly sent: PushRequest[] = [];
  /** Requests that were attempted and failed. */
  readonly failures: PushRequest[] = [];
  /** Returns an error to make a send fail (e.g. to exercise retries). */
  failWith?: (request: PushRequest) => Error | undefined;

  async push(request: PushRequest): Promise<string> {
    const copy = { ...request, ...(request.extParameters ? { extParameters: { ...request.extParameters } } : {}) };
    const failure = this.failWith?.(copy);
    if (failure) {
      this.failures.push(copy);
      throw failure;
    }
    this.sent.push(copy);
    return `local-${this.sent.length}`;
  }
}
