import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { MalformedEventError } from '../../../../runtime/shared/events/malformed-event-error';
import {
  decodeObjectKey,
  filterOssEvents,
  parseOssEvent,
  resolveObjectKey,
} from '../../../../runtime/shared/events/oss';
import type { ObjectStore } from '../../../../runtime/shared/ports';

const FIXTURES = path.resolve(__dirname, '../../../fixtures/events');
const created = readFileSync(path.join(FIXTURES, 'oss-object-created.json'));
const withMeta = readFileSync(path.join(FIXTURES, 'oss-object-created-objectmeta.json'));

/** The official sample with changes applied to its first record. */
function variant(change: (record: any, root: any) => void): Buffer {
  const root = JSON.parse(created.toString());
  change(root.events[0], root);
  return Buffer.from(JSON.stringify(root));
}

function malformedPath(event: Buffer | string): string {
  try {
    parseOssEvent(event);
  } catch (err) {
    expect(err).toBeInstanceOf(MalformedEventError);
    return (err as MalformedEventError).path;
  }
  throw new Error('expected MalformedEventError');
}

describe('parseOssEvent on the official samples', () => {
  it.each([
    ['oss-object-created.json', created],
    ['oss-object-created-objectmeta.json', withMeta],
  ])('%s', (_name, event) => {
    expect(parseOssEvent(event)).toEqual([
      {
        bucket: 'testbucket',
        key: 'source/a.png',
        rawKey: 'source/a.png',
        eTag: '688A7BF4F233DC9C88A80BF985AB****',
        size: 122539,
        eventName: 'ObjectCreated:PutObject',
        eventTime: '2022-08-13T06:45:43.000Z',
        region: 'cn-hangzhou',
      },
    ]);
  });

  it('accepts a string as well as a Buffer', () => {
    expect(parseOssEvent(created.toString())[0].key).toBe('source/a.png');
  });
});

describe('object keys', () => {
  it.each([
    ['plain ascii is left alone', 'source/a.png', 'source/a.png'],
    ['a literal space is left alone', 'source/my file.png', 'source/my file.png'],
    ['unicode is left alone', 'source/视频 1.mp4', 'source/视频 1.mp4'],
    ['%20 decodes', 'source/my%20file.png', 'source/my file.png'],
    ['+ becomes a space', 'source/my+file.png', 'source/my file.png'],
    ['%-encoded UTF-8 decodes', 'source/%E8%A7%86%E9%A2%91.mp4', 'source/视频.mp4'],
    ['%2B stays a plus', 'a%2Bb.png', 'a+b.png'],
    ['a bad escape is kept, good ones decode', 'x/%E8%A7/%20y.png', 'x/%E8%A7/ y.png'],
    ['a lone percent is kept', '100%.png', '100%.png'],
  ])('%s', (_title, raw, decoded) => {
    expect(decodeObjectKey(raw)).toBe(decoded);
    const [record] = parseOssEvent(variant((r) => (r.oss.object.key = raw)));
    expect(record).toMatchObject({ rawKey: raw, key: decoded });
  });

  const storeWith = (keys: string[]): ObjectStore =>
    ({
      head: async (key: string) => (keys.includes(key) ? { key, size: 1, etag: '"X"' } : undefined),
    }) as unknown as ObjectStore;

  it('resolveObjectKey prefers the raw key, then the decoded one, else undefined', async () => {
    const [record] = parseOssEvent(variant((r) => (r.oss.object.key = 'in/my+file.png')));
    expect(await resolveObjectKey(storeWith(['in/my+file.png', 'in/my file.png']), record)).toBe('in/my+file.png');
    expect(await resolveObjectKey(storeWith(['in/my file.png']), record)).toBe('in/my file.png');
    expect(await resolveObjectKey(storeWith([]), record)).toBeUndefined();
  });
});

describe('several records', () => {
  it('returns one entry per record in order, and filters by prefix and suffix', () => {
    const event = variant((first, root) => {
      const second = JSON.parse(JSON.stringify(first));
      second.oss.object.key = 'output/b.m3u8';
      const third = JSON.parse(JSON.stringify(first));
      third.oss.object.key = 'source/c.mp4';
      root.events.push(second, third);
    });
    const records = parseOssEvent(event);
    expect(records.map((r) => r.key)).toEqual(['source/a.png', 'output/b.m3u8', 'source/c.mp4']);
    expect(filterOssEvents(records, { prefix: 'source/' }).map((r) => r.key)).toEqual(['source/a.png', 'source/c.mp4']);
    expect(filterOssEvents(records, { prefix: 'source/', suffix: '.mp4' }).map((r) => r.key)).toEqual(['source/c.mp4']);
    expect(filterOssEvents(records, {}).length).toBe(3);
  });

  it('filters on the decoded key too', () => {
    const records = parseOssEvent(variant((r) => (r.oss.object.key = 'my%20dir/a.png')));
    expect(filterOssEvents(records, { prefix: 'my dir/' })).toHaveLength(1);
    expect(filterOssEvents(records, { prefix: 'my%20dir/' })).toHaveLength(1);
    expect(filterOssEvents(records, { prefix: 'other/' })).toHaveLength(0);
  });
});

describe('malformed payloads throw MalformedEventError with the field path', () => {
  it.each([
    ['empty buffer', Buffer.alloc(0), '$'],
    ['not JSON', Buffer.from('ObjectCreated:PutObject source/a.png'), '$'],
    ['a JSON array', Buffer.from('[]'), '$'],
    ['no events', Buffer.from('{}'), 'events'],
    ['events not an array', variant((_r, root) => (root.events = {})), 'events'],
    ['empty events', variant((_r, root) => (root.events = [])), 'events'],
    ['record not an object', variant((_r, root) => (root.events = ['x'])), 'events[0]'],
    ['missing bucket name', variant((r) => delete r.oss.bucket.name), 'events[0].oss.bucket.name'],
    ['missing bucket', variant((r) => delete r.oss.bucket), 'events[0].oss.bucket'],
    ['missing key', variant((r) => delete r.oss.object.key), 'events[0].oss.object.key'],
    ['empty key', variant((r) => (r.oss.object.key = '')), 'events[0].oss.object.key'],
    ['numeric key', variant((r) => (r.oss.object.key = 7)), 'events[0].oss.object.key'],
    ['missing eTag', variant((r) => delete r.oss.object.eTag), 'events[0].oss.object.eTag'],
    ['missing eventName', variant((r) => delete r.eventName), 'events[0].eventName'],
    ['negative size', variant((r) => (r.oss.object.size = -1)), 'events[0].oss.object.size'],
    ['string size', variant((r) => (r.oss.object.size = '12')), 'events[0].oss.object.size'],
  ])('%s', (_title, event, expectedPath) => {
    expect(malformedPath(event)).toBe(expectedPath);
  });

  it('reports the failing record of several', () => {
    const event = variant((first, root) => {
      const second = JSON.parse(JSON.stringify(first));
      delete second.oss.object.eTag;
      root.events.push(second);
    });
    expect(malformedPath(event)).toBe('events[1].oss.object.eTag');
  });

  it('carries a code so logError records it', () => {
    try {
      parseOssEvent(Buffer.alloc(0));
    } catch (err) {
      expect(err).toMatchObject({ name: 'MalformedEventError', code: 'MalformedEvent', reason: 'empty payload' });
    }
    expect.assertions(1);
  });

  it('size is optional', () => {
    expect(parseOssEvent(variant((r) => delete r.oss.object.size))[0].size).toBeUndefined();
  });
});
