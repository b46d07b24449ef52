/**
 * IotIngest's indexer and its lag, on the local adapters: 1,000 stream records applied in batches
 * (stream documents of 100 records, as the Tablestore trigger delivers them) against one at a time
 * (a document per record), counting search-engine calls (in the cloud, each is a BatchWriteRow
 * round trip) and time; then write-to-searchable lag through the content API: from a create's answer
 * until the post is found by search.
 */
import { encode } from 'cbor-x';
import { CONTENT_API } from '../runtime/iot/content-api';
import { createLocalContent } from '../runtime/iot/local-content';
import { postColumns } from '../runtime/iot/post-record';
import { percentile } from '../runtime/shared/percentiles';
import { apiGatewayEvent } from '../runtime/shared/local/api-gateway-event';
import { Figure, formatMs, nowMs } from './stats';

const RECORDS = 1_000;
const STREAM_BATCH = 100;
const LAG_POSTS = 200;

const postNumber = (i: number) => ({
  author: `a${i % 50}`,
  text: `post ${i} about city rain`,
  tags: [`t${i % 7}`],
  version: 1,
  createdAt: i,
  updatedAt: i,
  deleted: false,
});

const record = (i: number) => ({
  Type: 'PutRow',
  Info: { Timestamp: 1_700_000_000_000_000 + i },
  PrimaryKey: [{ ColumnName: 'postId', Value: `p${i}` }],
  Columns: Object.entries(postColumns(postNumber(i))).map(([ColumnName, Value]) => ({
    Type: 'Put',
    ColumnName,
    Value,
    Timestamp: 1_700_000_000_000,
  })),
});

async function indexAll(perDocument: number): Promise<{ ms: number; calls: number }> {
  const local = createLocalContent();
  const records = Array.from({ length: RECORDS }, (_, i) => record(i));
  const documents: Buffer[] = [];
  for (let i = 0; i < records.length; i += perDocument) {
    documents.push(Buffer.from(encode({ Version: 'Sync-v1', Records: records.slice(i, i + perDocument) })));
  }
  const started = nowMs();
  for (const [i, document] of documents.entries()) await local.indexer(document, local.context('iot-indexer', `r${i}`));
  const ms = nowMs() - started;
  const found = await local.search.search({ match: { field: 'text', text: 'city' }, sortBy: 'createdAt', limit: 1 });
  if (found.hits[0]?.id !== `p${RECORDS - 1}`) throw new Error('the index does not hold the newest post');
  return { ms, calls: local.search.applyCalls };
}

async function lags(): Promise<number[]> {
  const local = createLocalContent();
  const measured: number[] = [];
  for (let i = 0; i < LAG_POSTS; i++) {
    const body = Buffer.from(JSON.stringify({ author: 'ann', text: `lag probe ${i} word${i}`, idempotencyKey: `lag-${i}` }));
    const event = apiGatewayEvent({ method: 'POST', url: '/posts', headers: { 'Content-Type': 'application/json' }, body }, CONTENT_API);
    const reply = await local.api(Buffer.from(JSON.stringify(event)), local.context('iot-content-api'));
    if (reply.statusCode !== 201) throw new Error(`create: ${reply.statusCode} ${reply.body}`);
    const answered = nowMs();
    // The stream flushes on its own (next turn of the event loop) and queues the indexer; wait until search finds the post.
    for (;;) {
      const page = await local.search.search({ match: { field: 'text', text: `word${i}` }, sortBy: 'createdAt', limit: 1 });
      if (page.hits.length > 0) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    measured.push(nowMs() - answered);
  }
  return measured;
}

export async function benchIndexer(): Promise<Figure[]> {
  const one = await indexAll(1);
  const batched = await indexAll(STREAM_BATCH);
  const lag = await lags();
  return [
    {
      measure: `iot indexer: ${RECORDS.toLocaleString('en')} stream records, search-engine calls batched / one at a time`,
      value: `${batched.calls} / ${one.calls}`,
      target: '-',
      note: `stream documents of ${STREAM_BATCH} records against one record each; in the cloud each call is a BatchWriteRow round trip`,
    },
    {
      measure: 'iot indexer: time batched / one at a time',
      value: `${formatMs(batched.ms)} / ${formatMs(one.ms)}`,
      target: '-',
      note: `${(one.ms / batched.ms).toFixed(1)}x; local engine (MiniSearch), CPU only`,
    },
    {
      measure: 'iot write-to-searchable lag, local, p50 / p99',
      value: `${formatMs(percentile(lag, 50))} / ${formatMs(percentile(lag, 99))}`,
      target: '-',
      note: `${LAG_POSTS} posts created one at a time through the content API; from the answer until search finds the post`,
    },
  ];
}
