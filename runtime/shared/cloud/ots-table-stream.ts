/**
 * Turning on a Table Store table's stream, which ALIYUN::OTS::Table cannot do (it has no stream
 * property): UpdateTable with a StreamSpecification { enableStream, expirationTime }, in hours, at
 * most 168, required when enabling and not changeable once set. The Node SDK requires tableOptions
 * with at least one option on UpdateTable: the table's own maxVersions is sent back unchanged.
 * https://help.aliyun.com/document_detail/100598.html (Node updateTable)
 * https://alibabacloud.com/help/en/tablestore/developer-reference/streamspecification
 *
 * Idempotent: a stream already on is left as it is. A table created moments ago may not be ready
 * yet (the docs say to wait a few seconds after CreateTable), so those errors are retried a while.
 */
import { MAX_STREAM_EXPIRATION_HOURS } from '../ots-contract';
import type { TableStoreClient } from './tablestore-sdk';


/** Errors of a table that is not there yet or not ready (retried). */
const NOT_READY = ['OTSObjectNotExist', 'OTSTableNotReady'];

export interface StreamSwitchOptions {
  attempts?: number;
  delayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export type StreamSwitchResult = { changed: boolean; expirationHours: number };

export async function enableTableStream(
  client: TableStoreClient,
  tableName: string,
  expirationHours: number,
  options: StreamSwitchOptions = {},
): Promise<StreamSwitchResult> {
  if (!Number.isInteger(expirationHours) || expirationHours < 1 || expirationHours > MAX_STREAM_EXPIRATION_HOURS) {
    throw new RangeError(`stream expiration must be 1 to ${MAX_STREAM_EXPIRATION_HOURS} hours, got ${expirationHours}`);
  }
  const attempts = options.attempts ?? 10;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let attempt = 1; ; attempt++) {
    try {
      const table = await client.describeTable({ tableName });
      if (table.streamDetails?.enableStream) return { changed: false, expirationHours: table.streamDetails.expirationTime ?? expirationHours };
      await client.updateTable({
        tableName,
        tableOptions: { maxVersions: table.tableOptions?.maxVersions ?? 1 },
        streamSpecification: { enableStream: true, expirationTime: expirationHours },
      });
      return { changed: true, expirationHours };
    } catch (err) {
      const text = `${String((err as { code?: unknown })?.code ?? '')} ${err instanceof Error ? err.message : String(err)}`;
      if (attempt >= attempts || !NOT_READY.some((code) => text.includes(code))) throw err;
      await sleep(options.delayMs ?? 3000);
    }
  }
}
