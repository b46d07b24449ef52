/**
 * Push on a laptop and in tests: records every request (a MassPush as its tasks, each with `api`);
 * `failWith` makes sends fail. Like Mobile Push, a repeated IdempotentToken is not pushed again: the
 * first answer is returned (`deduplicated` counts them).
 */
import type { Push, PushRequest } from '../ports';

export interface SentPush extends PushRequest {
  api: 'Push' | 'MassPush';
  messageId: string;
}

export class LocalPush implements Push {
  readonly sent: SentPush[] = [];
  /** Requests that were attempted and failed. */
  readonly failures: PushRequest[] = [];
  /** Calls made, by API (a failed call counts too). */
  readonly calls = { Push: 0, MassPush: 0 };
  deduplicated = 0;
  /** Returns an error to make a send fail (e.g. to exercise retries). */
  failWith?: (request: PushRequest) => Error | undefined;
  private readonly answered = new Map<string, string[]>();

  async push(request: PushRequest): Promise<string> {
    this.calls.Push++;
    const [messageId] = this.deliver('Push', [request], request.idempotencyToken);
    return messageId;
  }

  async massPush(tasks: PushRequest[], idempotencyToken?: string): Promise<string[]> {
    this.calls.MassPush++;
    if (tasks.length < 1 || tasks.length > 100) throw new Error(`MassPush takes 1-100 tasks, got ${tasks.length}`);
    return this.deliver('MassPush', tasks, idempotencyToken);
  }

  private deliver(api: SentPush['api'], requests: PushRequest[], token: string | undefined): string[] {
    const earlier = token === undefined ? undefined : this.answered.get(token);
    if (earlier) {
      this.deduplicated++;
      return earlier;
    }
    const copies = requests.map((r) => ({ ...r, ...(r.extParameters ? { extParameters: { ...r.extParameters } } : {}) }));
    for (const copy of copies) {
      const failure = this.failWith?.(copy);
      if (failure) {
        this.failures.push(...copies);
        throw failure;
      }
    }
    const ids = copies.map((copy) => {
      const messageId = `local-${this.sent.length + 1}`;
      this.sent.push({ ...copy, api, messageId });
      return messageId;
    });
    if (token !== undefined) this.answered.set(token, ids);
    return ids;
  }
}
