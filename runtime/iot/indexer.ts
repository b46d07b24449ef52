/**
 * The indexer (FC 3.0 Tablestore trigger on the posts table): turns each stream record into the
 * post's search document at its version and pushes them to the search engine in batches of its
 * limit. Versioned and idempotent (the engine keeps the newest version; a delete, itself a
 * versioned write, wins over any older update), so FC re-delivering a batch, or batches arriving
 * out of order, changes nothing.
 *
 * A record that cannot be indexed (not a post's shape, or refused by the engine for good) is parked
 * in the dead-letter table with its reason, keyed by its content so a re-delivery parks it once, and
 * the stream moves on. Changes the engine asks to retry make the invocation fail after everything
 * else is done, so FC sends the batch again; what was applied is then stale and skipped.
 */
import { createHash } from 'node:crypto';
import type { FcContext } from '../shared/context';
import { parseStreamEvent, type StreamRecord, type StreamValue } from '../shared/events/ots-stream';
import { parseTriggerEvent } from '../shared/events/parse-trigger-event';
import { loggerFor, type Logger } from '../shared/log';
import type { Attributes } from '../shared/ports';
import type { IndexChange, IndexResult } from '../shared/search/search-engine';
import type { IotDeps } from './deps';
import { indexChangeOf, postFromColumns } from './post-record';

/** A row deleted from the posts table outright (not through the API) has no version: it is gone for good. */
const REMOVED_FOR_GOOD = Number.MAX_SAFE_INTEGER;
/** A dead letter keeps at most this much of the record (a Table Store column holds 2 MB). */
const MAX_LETTER_CHARS = 256 * 1024;

export interface IndexerResult {
  records: number;
  applied: number;
  stale: number;
  parked: number;
  retry: number;
  malformed?: string;
}

export function createIndexer(deps: IotDeps) {
  return async (event: Buffer, ctx: FcContext): Promise<IndexerResult> => {
    const log = loggerFor(ctx, deps.log);
    const result: IndexerResult = { records: 0, applied: 0, stale: 0, parked: 0, retry: 0 };
    const parsed = parseTriggerEvent(log, 'malformed stream event', () => parseStreamEvent(event));
    if (!parsed.ok) return { ...result, malformed: parsed.error.message };
    result.records = parsed.event.length;
    const changes = new Map<string, { change: IndexChange; raw: unknown }>();
    for (const entry of parsed.event) {
      if (!entry.ok) {
        await park(deps, log, entry.raw, entry.problem, ctx.requestId);
        result.parked++;
        continue;
      }
      const change = await changeOf(deps, entry.record);
      if (typeof change === 'string') {
        await park(deps, log, entry.record, change, ctx.requestId);
        result.parked++;
        continue;
      }
      if (!change) continue;
      // One change per post a batch: its newest.
      const seen = changes.get(change.id);
      if (!seen || seen.change.version < change.version) changes.set(change.id, { change, raw: entry.record });
    }
    const all = [...changes.values()];
    for (let i = 0; i < all.length; i += deps.search.maxBatch) {
      const batch = all.slice(i, i + deps.search.maxBatch);
      const answers = await deps.search.apply(batch.map((c) => c.change));
      for (const [j, answer] of answers.entries()) {
        const { change, raw } = batch[j];
        logIndexDecision(log, change, answer);
        if (answer.outcome === 'rejected') {
          await park(deps, log, raw, `${answer.code}: ${answer.message}`, ctx.requestId);
          result.parked++;
        } else result[answer.outcome]++;
      }
    }
    log.info('index batch', { ...result });
    if (result.retry > 0) throw new Error(`${result.retry} index update(s) must be retried`);
    return result;
  };
}

/** The change a record asks for; a string says why it cannot be indexed; undefined: nothing to do. */
async function changeOf(deps: IotDeps, record: StreamRecord): Promise<IndexChange | string | undefined> {
  const key = record.primaryKey.find((c) => c.name === 'postId');
  if (!key || typeof key.value !== 'string') return 'the record has no string postId key';
  const postId = key.value;
  if (record.type === 'DeleteRow') return { id: postId, version: REMOVED_FOR_GOOD };
  const columns: Attributes = {};
  for (const column of record.columns) if (column.type === 'Put' && column.value !== undefined) columns[column.name] = asCell(column.value);
  const post = postFromColumns(postId, columns);
  if (post) return indexChangeOf(post);
  // Not every column in the record (a write that did not come through the API): the row as it is now.
  const row = await deps.store.getRow(deps.settings.tables.posts, [['postId', postId]]);
  const current = row && postFromColumns(postId, row);
  if (current) return indexChangeOf(current);
  return row ? `post ${postId} has columns that are not a post's` : `the record of post ${postId} is not a whole post, and its row is gone`;
}

function asCell(value: StreamValue): Attributes[string] {
  // A BigInt is beyond 2^53: no post column is, so it is kept as text and fails the post's shape, not the process.
  return typeof value === 'bigint' ? value.toString() : value;
}

function logIndexDecision(log: Logger, change: IndexChange, answer: IndexResult): void {
  log.info('index update', {
    decision: 'index',
    postId: change.id,
    version: change.version,
    deleted: change.fields === undefined,
    outcome: answer.outcome,
    ...(answer.outcome === 'rejected' || answer.outcome === 'retry' ? { code: answer.code } : {}),
  });
}

async function park(deps: IotDeps, log: Logger, raw: unknown, reason: string, requestId: string): Promise<void> {
  const record = stringify(raw).slice(0, MAX_LETTER_CHARS);
  const letterId = createHash('sha256').update(record).digest('hex').slice(0, 32);
  // Keyed by the record's content: a re-delivery parks it once.
  await deps.store.putRow(deps.settings.tables.deadLetters, [['letterId', letterId]], {
    reason: reason.slice(0, 1000),
    record,
    requestId,
    parkedAt: deps.clock.now(),
  });
  log.error('stream record parked', { decision: 'park', letterId, reason });
}

/** JSON with BigInts as strings and bytes as base64, so any record can be written down. */
function stringify(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'bigint') return v.toString();
    if (v && typeof v === 'object' && (v as { type?: unknown }).type === 'Buffer' && Array.isArray((v as { data?: unknown }).data)) {
      return { base64: Buffer.from((v as { data: number[] }).data).toString('base64') };
    }
    return v;
  }) ?? 'undefined';
}
