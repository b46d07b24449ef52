/**
 * The IotIngest content part on local adapters with every invocation's ports behind its own gate:
 * the content API (clients call it through a client model) and the indexer as the posts table's
 * stream invokes it (asynchronously; FC's retries with the same requestId).
 */
import { createContentApi } from '../../../runtime/iot/content-api';
import type { IotDeps } from '../../../runtime/iot/deps';
import { createIndexer } from '../../../runtime/iot/indexer';
import { createLocalContent, LOCAL_INDEXER, type LocalContent } from '../../../runtime/iot/local-content';
import { FixedClock } from '../../../runtime/shared/clock';
import type { FcContext } from '../../../runtime/shared/context';
import { MAX_ASYNC_RETRIES } from '../../../runtime/shared/function-manifest';
import type { TableStore } from '../../../runtime/shared/ports';
import type { SearchEngine } from '../../../runtime/shared/search/search-engine';
import { wrap } from '../../faults/fault-run';
import { contentEvent, T0, type Reply } from '../../runtime/iot/content-harness';
import { asClient, type ClientModel } from '../clients';
import type { Invocations } from '../invocations';


/** What a client was told: a post created, or written at a version. */
export interface Told {
  postId: string;
  version: number;
  deleted: boolean;
}

export interface IotWorld {
  local: LocalContent;
  clock: FixedClock;
  told: Told[];
  api(method: string, url: string, body?: unknown): Promise<Reply>;
}

type Make = (deps: IotDeps) => (event: Buffer, ctx: FcContext) => Promise<unknown>;

export function iotWorld(invocations: Invocations, client: ClientModel): IotWorld {
  const clock = new FixedClock(T0);
  const local = createLocalContent({ clock, streamBatch: 3 });
  const gated = (fn: string, what: (event: Buffer) => string, make: Make) => (event: Buffer, ctx: FcContext) => {
    const gate = invocations.attempt(fn, ctx.requestId, what(event));
    const ports = { store: wrap<TableStore>(local.deps.store, 'store', gate), search: wrap<SearchEngine>(local.deps.search, 'search', gate) };
    return make({ ...local.deps, ...ports })(event, ctx);
  };
  const request = (event: Buffer) => {
    const { httpMethod, path } = JSON.parse(event.toString('utf8')) as { httpMethod: string; path: string };
    return `${httpMethod} ${path}`;
  };
  const api = gated('api', request, createContentApi);
  local.invoker.register(LOCAL_INDEXER, { handler: gated('indexer', () => 'indexer', createIndexer), maxRetries: MAX_ASYNC_RETRIES });
  const told: Told[] = [];
  const send = async (method: string, url: string, body?: unknown): Promise<Reply> => {
    clock.advance(1000);
    const res = (await api(contentEvent(method, url, body), local.context('iot-content-api'))) as { statusCode: number; body: string };
    return { status: res.statusCode, body: JSON.parse(res.body) };
  };
  return {
    local,
    clock,
    told,
    async api(method, url, body) {
      const reply = await asClient(client, () => send(method, url, body));
      const post = reply.status < 300 ? (reply.body.post as { postId: string; version: number; deleted?: boolean } | undefined) : undefined;
      if (post) told.push({ postId: post.postId, version: post.version, deleted: post.deleted === true });
      return reply;
    },
  };
}
