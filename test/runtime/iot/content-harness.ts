/** The content part of IotIngest on local adapters, for tests: API calls as API Gateway events, a fixed clock. */
import { CONTENT_API } from '../../../runtime/iot/content-api';
import { createLocalContent, type LocalContent, type LocalContentOptions } from '../../../runtime/iot/local-content';
import { FixedClock } from '../../../runtime/shared/clock';
import { apiGatewayEvent } from '../../../runtime/shared/local/api-gateway-event';

export const T0 = Date.UTC(2024, 5, 1, 12);

export interface Reply {
  status: number;
  body: Record<string, any>;
}

export interface ContentHarness extends LocalContent {
  clock: FixedClock;
  logLines: Array<Record<string, unknown>>;
  call(method: string, url: string, body?: unknown): Promise<Reply>;
  /** Creates a post that must succeed; its id. */
  post(key: string, text: string, tags?: string[], author?: string): Promise<string>;
  /** GET /posts with these query parameters, after everything written is indexed. */
  searchIds(query: Record<string, string>): Promise<string[]>;
}

export function contentEvent(method: string, url: string, body?: unknown): Buffer {
  const headers = { 'Content-Type': 'application/json' };
  const event = apiGatewayEvent({ method, url, headers, body: Buffer.from(body === undefined ? '' : JSON.stringify(body)) }, CONTENT_API);
  return Buffer.from(JSON.stringify(event));
}

export function contentHarness(options: Omit<LocalContentOptions, 'clock' | 'log'> = {}): ContentHarness {
  const clock = new FixedClock(T0);
  const logLines: Array<Record<string, unknown>> = [];
  const local = createLocalContent({ ...options, clock, log: (line) => logLines.push(JSON.parse(line)) });
  const call = async (method: string, url: string, body?: unknown): Promise<Reply> => {
    const res = await local.api(contentEvent(method, url, body), local.context('iot-content-api'));
    return { status: res.statusCode, body: JSON.parse(res.body) };
  };
  return {
    ...local,
    clock,
    logLines,
    call,
    async post(key, text, tags = [], author = 'ann') {
      clock.advance(1000);
      const reply = await call('POST', '/posts', { author, text, tags, idempotencyKey: key });
      if (reply.status !== 201) throw new Error(`post ${key}: ${reply.status} ${JSON.stringify(reply.body)}`);
      return reply.body.post.postId as string;
    },
    async searchIds(query) {
      await local.settle();
      const reply = await call('GET', `/posts?${new URLSearchParams(query)}`);
      if (reply.status !== 200) throw new Error(`search: ${reply.status} ${JSON.stringify(reply.body)}`);
      return (reply.body.posts as Array<{ postId: string }>).map((p) => p.postId);
    },
  };
}
