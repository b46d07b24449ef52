import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { encode } from 'cbor-x';
import { parseStreamEvent } from '../../../../runtime/shared/events/ots-stream';
import { MalformedEventError } from '../../../../runtime/shared/events/malformed-event-error';
import { fixturesDir } from '../../../../runtime/shared/local/event-fixtures';

const SAMPLE_TEXT = readFileSync(path.join(fixturesDir(), 'ots-stream-decoded.json'), 'utf8');

/** The official sample with its integers exact: those past 2^53 as BigInt, as CBOR carries them. */
function sampleDocument(): Record<string, unknown> {
  const quoted = SAMPLE_TEXT.replace(/(?<=[:\s])(\d{16,})(?=[\s,}])/g, '"$1#big"');
  return JSON.parse(quoted, (_key, value) => (typeof value === 'string' && value.endsWith('#big') ? BigInt(value.slice(0, -4)) : value));
}

describe('Tablestore stream events', () => {
  it('decodes the official sample as CBOR, integers beyond 2^53 exact as BigInt and the rest as numbers', () => {
    const [entry] = parseStreamEvent(Buffer.from(encode(sampleDocument())));
    expect(entry).toEqual({
      ok: true,
      record: {
        type: 'PutRow',
        timestamp: 1506416585740836,
        primaryKey: [
          { name: 'pk_0', value: 1506416585881590900n },
          { name: 'pk_1', value: '2017-09-26 17:03:05.8815909 +0800 CST' },
          { name: 'pk_2', value: 1506416585741000 },
        ],
        columns: [
          { type: 'Put', name: 'attr_0', value: 'hello_table_store', timestamp: 1506416585741 },
          { type: 'Put', name: 'attr_1', value: 1506416585881590900n, timestamp: 1506416585741 },
        ],
      },
    });
  });

  it('turns small integers that came as 8-byte CBOR integers (BigInt) into numbers', () => {
    const document = { Version: 'Sync-v1', Records: [{ Type: 'UpdateRow', Info: { Timestamp: 5n }, PrimaryKey: [{ ColumnName: 'id', Value: 'p1' }],
      Columns: [{ Type: 'Put', ColumnName: 'version', Value: 7n, Timestamp: 9n }, { Type: 'DeleteAllVersions', ColumnName: 'tags' }] }] };
    const [entry] = parseStreamEvent(Buffer.from(encode(document)));
    expect(entry).toEqual({
      ok: true,
      record: {
        type: 'UpdateRow',
        timestamp: 5,
        primaryKey: [{ name: 'id', value: 'p1' }],
        columns: [
          { type: 'Put', name: 'version', value: 7, timestamp: 9 },
          { type: 'DeleteAllVersions', name: 'tags' },
        ],
      },
    });
  });

  it('reads a console test event, which is JSON', () => {
    const [entry] = parseStreamEvent(Buffer.from(SAMPLE_TEXT));
    expect(entry.ok && entry.record.primaryKey[1]).toEqual({ name: 'pk_1', value: '2017-09-26 17:03:05.8815909 +0800 CST' });
  });

  it('reports a poison record on its own, with its index and why, and keeps the others', () => {
    const good = sampleDocument().Records as unknown[];
    const document = { Version: 'Sync-v1', Records: [good[0], { Type: 'TruncateTable' }, { Type: 'DeleteRow', PrimaryKey: [] }, good[0]] };
    const entries = parseStreamEvent(Buffer.from(encode(document)));
    expect(entries.map((e) => e.ok)).toEqual([true, false, false, true]);
    expect(entries[1]).toMatchObject({ ok: false, index: 1, problem: expect.stringContaining('TruncateTable'), raw: { Type: 'TruncateTable' } });
    expect(entries[2]).toMatchObject({ ok: false, index: 2, problem: 'PrimaryKey missing or empty' });
  });

  it.each([
    ['an empty payload', Buffer.alloc(0), '$'],
    ['bytes that are not CBOR', Buffer.from([0xff, 0xff, 0x00]), '$'],
    ['broken JSON', Buffer.from('{"Records": ['), '$'],
    ['a document without Records', Buffer.from(encode({ Version: 'Sync-v1' })), '$.Records'],
    ['a CBOR number', Buffer.from(encode(42)), '$'],
  ])('refuses %s as a malformed event', (_what, payload, where) => {
    let thrown: unknown;
    try {
      parseStreamEvent(payload);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(MalformedEventError);
    expect((thrown as MalformedEventError).path).toBe(where);
  });
});
