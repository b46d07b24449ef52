/** How an API client answers a 5xx, in the enumeration: it takes it, or sends the same request again (FC sees a fresh request). */
export type ClientModel = 'gives-up' | 'retries';

export const CLIENT_MODELS: readonly ClientModel[] = ['gives-up', 'retries'];

/** One call as `client` makes it: `retries` sends again after a 5xx, up to 3 requests in all. */
export async function asClient<R extends { status: number }>(client: ClientModel, send: () => Promise<R>): Promise<R> {
  let reply = await send();
  for (let tries = 1; client === 'retries' && reply.status >= 500 && tries < 3; tries++) reply = await send();
  return reply;
}
