import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import type { MediaDeps } from '../../../runtime/media/deps';
import { PERMANENT_FAILURE_TYPE } from '../../../runtime/media/job-failure';
import { jobIdFor, readJob } from '../../../runtime/media/jobs';
import { createPlanner } from '../../../runtime/media/planner';
import { FixedClock } from '../../../runtime/shared/clock';
import { LocalObjectStore } from '../../../runtime/shared/local/local-object-store';
import { MemoryTableStore } from '../../../runtime/shared/local/table-store/memory-table-store';
import { MAX, MIN } from '../../../runtime/shared/ports';
import {
  context,
  logLines,
  notVideos,
  OSS_SAMPLE,
  OSS_SAMPLE_OBJECTMETA,
  ossEventFromSample,
  TINY_SETTINGS,
  tinyClip,
  tmpWorkDir,
  uploadForEvent,
} from './media-fixtures';

let clip: string;
let arbitraryBytes: string;
beforeAll(async () => {
  const dir = tmpWorkDir('planner-clip');
  [clip, { arbitraryBytes }] = await Promise.all([tinyClip(dir), notVideos(dir)]);
});

function setup(settings = TINY_SETTINGS) {
  const dir = tmpWorkDir('planner');
  const source = new LocalObjectStore(path.join(dir, 'b'), 'src');
  const output = new LocalObjectStore(path.join(dir, 'b'), 'out');
  const jobs = new MemoryTableStore();
  const invocations: Array<{ fn: string; payload: { jobId: string; part: string } }> = [];
  const log = logLines();
  const clock = new FixedClock(1_700_000_000_000);
  const deps: MediaDeps = {
    settings,
    source,
    output,
    jobs,
    jobTable: 'jobs',
    invoker: { invokeAsync: async (fn, payload) => void invocations.push({ fn, payload: payload as { jobId: string; part: string } }) },
    transcoderFunction: 'transcoder',
    clock,
    log: log.sink,
    tmpDir: path.join(dir, 'tmp'),
  };
  const rows = async () => (await jobs.getRange('jobs', [['jobId', MIN]], [['jobId', MAX]])).rows;
  return { deps, source, output, jobs, invocations, log, rows, clock, plan: createPlanner(deps) };
}

describe('planner', () => {
  it('plans the official sample event: claim, probe, plan, one transcoder per part', async () => {
    const t = setup();
    const object = await uploadForEvent(t.source, 'uploads/clip.mp4', clip);
    const result = await t.plan(ossEventFromSample(OSS_SAMPLE, [object]), context('req-1'));

    const jobId = jobIdFor('src', 'uploads/clip.mp4', object.eTag);
    expect(result.records).toEqual([{ key: 'uploads/clip.mp4', jobId, outcome: 'planned', parts: ['180p', '120p', 'thumbnails'] }]);
    const job = readJob(jobId, (await t.jobs.getRow('jobs', [['jobId', jobId]]))!);
    expect(job).toMatchObject({
      status: 'TRANSCODING',
      bucket: 'src',
      key: 'uploads/clip.mp4',
      eTag: object.eTag,
      claimedBy: 'req-1',
      partsTotal: 3,
    });
    expect(job.source).toMatchObject({ width: 320, height: 180, hasAudio: true });
    expect(t.invocations).toEqual(['180p', '120p', 'thumbnails'].map((part) => ({ fn: 'transcoder', payload: { jobId, part } })));
  });

  it('plans the objectMeta sample the same way', async () => {
    const t = setup();
    const object = await uploadForEvent(t.source, 'uploads/meta.mp4', clip);
    const result = await t.plan(ossEventFromSample(OSS_SAMPLE_OBJECTMETA, [object]), context('req-1'));
    expect(result.records[0]).toMatchObject({ outcome: 'planned' });
  });

  it('handles several records with spaces, unicode and URL-encoded keys, and ignores other prefixes', async () => {
    const t = setup();
    const spaced = await uploadForEvent(t.source, 'uploads/my clip.mp4', clip);
    const unicode = await uploadForEvent(t.source, 'uploads/视频 1.mp4', clip);
    const other = await uploadForEvent(t.source, 'elsewhere/x.mp4', clip);
    const event = ossEventFromSample(OSS_SAMPLE, [
      { ...spaced, key: 'uploads/my+clip.mp4' },
      { ...unicode, key: `uploads/${encodeURIComponent('视频 1')}.mp4` },
      other,
    ]);
    const result = await t.plan(event, context('req-1'));

    expect(result.records.map((r) => [r.key, r.outcome])).toEqual([
      ['uploads/my clip.mp4', 'planned'],
      ['uploads/视频 1.mp4', 'planned'],
      ['elsewhere/x.mp4', 'ignored'],
    ]);
    const keys = (await t.rows()).map((r) => r.attributes.key).sort();
    expect(keys).toEqual(['uploads/my clip.mp4', 'uploads/视频 1.mp4']);
    expect(t.invocations).toHaveLength(6);
  });

  it('ignores records inside the output prefix even when it lies under the input prefix', async () => {
    const t = setup({ ...TINY_SETTINGS, inputPrefix: 'media/', outputPrefix: 'media/processed/' });
    const object = await uploadForEvent(t.source, 'media/processed/media/a.mp4/180p/video.mp4', clip);
    const result = await t.plan(ossEventFromSample(OSS_SAMPLE, [object]), context('req-1'));
    expect(result.records[0]).toMatchObject({ outcome: 'ignored' });
    expect(await t.rows()).toEqual([]);
    expect(t.invocations).toEqual([]);
    expect(t.log.entries.some((e) => e.msg === 'record ignored')).toBe(true);
  });

  it.each([
    ['not JSON', Buffer.from('{oops')],
    ['empty', Buffer.alloc(0)],
    ['no events', Buffer.from('{}')],
    [
      'a record without a key',
      Buffer.from(JSON.stringify({ events: [{ eventName: 'ObjectCreated:PutObject', oss: { bucket: { name: 'src' }, object: {} } }] })),
    ],
  ])('logs a malformed event (%s), writes nothing and returns', async (_name, event) => {
    const t = setup();
    const result = await t.plan(event, context('req-1'));
    expect(result.malformed).toBeDefined();
    const errors = t.log.entries.filter((e) => e.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ requestId: 'req-1', error: { code: 'MalformedEvent' } });
    expect(await t.rows()).toEqual([]);
    expect(await t.output.list('')).toEqual([]);
    expect(t.invocations).toEqual([]);
  });

  it('continues its own claim on a retry (same requestId) and ignores another delivery', async () => {
    const t = setup();
    const object = await uploadForEvent(t.source, 'uploads/clip.mp4', clip);
    const event = ossEventFromSample(OSS_SAMPLE, [object]);
    await t.plan(event, context('req-1'));
    const retry = await t.plan(event, context('req-1'));
    const duplicate = await t.plan(event, context('req-2'));
    expect(retry.records[0].outcome).toBe('planned');
    expect(duplicate.records[0].outcome).toBe('duplicate');
    expect(t.invocations).toHaveLength(6); // 3 parts, re-sent once by the retry; parts dedupe them
    expect((await t.rows())[0].attributes.claimedBy).toBe('req-1');
  });
});

describe('planner: which uploads', () => {
  it('never transcodes an event that is not ObjectCreated (ObjectRemoved), logging why', async () => {
    const t = setup();
    const object = await uploadForEvent(t.source, 'uploads/clip.mp4', clip);
    const created = JSON.parse(ossEventFromSample(OSS_SAMPLE, [object]).toString('utf8'));
    created.events[0].eventName = 'ObjectRemoved:DeleteObject';
    const result = await t.plan(Buffer.from(JSON.stringify(created)), context('req-1'));
    expect(result.records).toEqual([
      { key: 'uploads/clip.mp4', outcome: 'ignored', reason: 'event ObjectRemoved:DeleteObject is not an ObjectCreated event' },
    ]);
    expect(await t.rows()).toEqual([]);
    expect(t.invocations).toEqual([]);
    expect(t.log.entries.find((e) => e.msg === 'record ignored')).toMatchObject({ reason: expect.stringMatching(/not an ObjectCreated/) });
  });

  it('gives `my+clip.mp4` and `my clip.mp4` with the same bytes two jobs: the id is built from the key the object has', async () => {
    const t = setup();
    const plus = await uploadForEvent(t.source, 'uploads/my+clip.mp4', clip);
    const space = await uploadForEvent(t.source, 'uploads/my clip.mp4', clip);
    const result = await t.plan(ossEventFromSample(OSS_SAMPLE, [plus, space]), context('req-1'));
    expect(result.records.map((r) => [r.key, r.outcome, 'jobId' in r ? r.jobId : undefined])).toEqual([
      ['uploads/my+clip.mp4', 'planned', jobIdFor('src', 'uploads/my+clip.mp4', plus.eTag)],
      ['uploads/my clip.mp4', 'planned', jobIdFor('src', 'uploads/my clip.mp4', space.eTag)],
    ]);
    expect((await t.rows()).map((r) => r.attributes.key).sort()).toEqual(['uploads/my clip.mp4', 'uploads/my+clip.mp4']);
  });

  it('processes an upper-case suffix and ignores a suffix not listed, saying why', async () => {
    const t = setup();
    const iphone = await uploadForEvent(t.source, 'uploads/IMG_0001.MOV', clip);
    const image = await uploadForEvent(t.source, 'uploads/logo.png', clip);
    const result = await t.plan(ossEventFromSample(OSS_SAMPLE, [iphone, image]), context('req-1'));
    expect(result.records[0]).toMatchObject({ key: 'uploads/IMG_0001.MOV', outcome: 'planned' });
    expect(result.records[1]).toEqual({ key: 'uploads/logo.png', outcome: 'ignored', reason: 'key does not end with one of .mp4 .mov (any case)' });
    expect((await t.rows()).map((r) => r.attributes.key)).toEqual(['uploads/IMG_0001.MOV']);
  });
});

describe('planner: permanent and transient failures', () => {
  it('fails a job whose source is no video on the first attempt and returns normally', async () => {
    const t = setup();
    const object = await uploadForEvent(t.source, 'uploads/bytes.mp4', arbitraryBytes);
    const result = await t.plan(ossEventFromSample(OSS_SAMPLE, [object]), context('req-1'));

    const jobId = jobIdFor('src', 'uploads/bytes.mp4', object.eTag);
    expect(result.records).toEqual([{ key: 'uploads/bytes.mp4', jobId, outcome: 'failed', reason: expect.stringMatching(/^ffprobe failed .*Invalid data found/) }]);
    const row = (await t.rows())[0].attributes;
    expect(row).toMatchObject({
      status: 'FAILED',
      failureType: PERMANENT_FAILURE_TYPE,
      failedFunction: 'test',
      failedRequestId: 'req-1',
      claimedBy: 'req-1',
    });
    expect(row.failureReason).toMatch(/Invalid data found when processing input/);
    expect(row.plan).toBeUndefined();
    expect(t.invocations).toEqual([]);
  });

  it('an FC retry of that invocation does nothing more, and a late duplicate delivery does not flip the job', async () => {
    const t = setup();
    const object = await uploadForEvent(t.source, 'uploads/bytes.mp4', arbitraryBytes);
    const event = ossEventFromSample(OSS_SAMPLE, [object]);
    await t.plan(event, context('req-1'));
    const failedRow = (await t.rows())[0].attributes;
    t.clock.advance(60_000);
    const retry = await t.plan(event, context('req-1'));
    const duplicate = await t.plan(event, context('req-2'));

    expect(retry.records[0]).toMatchObject({ outcome: 'failed', reason: failedRow.failureReason });
    expect(duplicate.records[0].outcome).toBe('duplicate');
    expect((await t.rows())[0].attributes).toEqual(failedRow);
    expect(t.log.entries.filter((e) => e.msg === 'source is not a usable video; job failed without retries')).toHaveLength(1);
    expect(t.invocations).toEqual([]);
  });

  it('throws on a transient error (OSS answering 503) so FC retries, leaving the claim for the retry', async () => {
    const server = createServer((_req, res) => res.writeHead(503).end('SlowDown'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const t = setup();
      const object = await uploadForEvent(t.source, 'uploads/clip.mp4', clip);
      t.source.readableUrl = async () => `http://127.0.0.1:${(server.address() as AddressInfo).port}/uploads/clip.mp4`;
      await expect(t.plan(ossEventFromSample(OSS_SAMPLE, [object]), context('req-1'))).rejects.toThrow(/Server returned 5XX/);
      expect((await t.rows())[0].attributes).toMatchObject({ status: 'PLANNING', claimedBy: 'req-1' });
    } finally {
      server.close();
    }
  });
});
