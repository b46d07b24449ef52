import { overriding } from '../../support/overriding';
import * as path from 'node:path';
import type { MediaDeps } from '../../../runtime/media/deps';
import { createFailureHandler } from '../../../runtime/media/failure';
import { jobIdFor, jobKey } from '../../../runtime/media/jobs';
import { FixedClock } from '../../../runtime/shared/clock';
import { buildAsyncDestinationPayload } from '../../../runtime/shared/events/async-destination';
import { LocalObjectStore } from '../../../runtime/shared/local/local-object-store';
import { MemoryTableStore } from '../../../runtime/shared/local/table-store/memory-table-store';
import type { TableStore } from '../../../runtime/shared/ports';
import { context, logLines, OSS_SAMPLE, ossEventFromSample, TINY_SETTINGS, tmpWorkDir } from './media-fixtures';

function setup(jobs: TableStore = new MemoryTableStore()) {
  const dir = tmpWorkDir('failure');
  const output = new LocalObjectStore(dir, 'out');
  const deps: MediaDeps = {
    settings: TINY_SETTINGS,
    source: output,
    output,
    jobs,
    jobTable: 'jobs',
    invoker: { invokeAsync: async () => undefined },
    transcoderFunction: 'transcoder',
    clock: new FixedClock(Date.parse('2024-05-06T07:00:00Z')),
    log: logLines().sink,
    tmpDir: path.join(dir, 'tmp'),
  };
  return { deps, output, jobs, handle: createFailureHandler(deps) };
}

const destination = (functionName: string, event: Buffer) =>
  Buffer.from(
    JSON.stringify(
      buildAsyncDestinationPayload({
        timestamp: 1,
        requestId: 'failed-req',
        region: 'cn-hangzhou',
        accountId: '1',
        functionName,
        condition: 'UnhandledInvocationError',
        attempts: 3,
        event,
        functionError: 'UnhandledInvocationError',
        error: new Error('boom'),
      }),
    ),
  );

describe('failure handler', () => {
  it('keeps the raw payload, then marks the planner job FAILED, recomputing its id from the OSS event; twice is the same', async () => {
    const t = setup();
    const payload = destination(
      'media-planner',
      ossEventFromSample(OSS_SAMPLE, [
        { bucket: 'src', key: 'uploads/a%20b.mp4', eTag: 'E1', size: 1 },
        { bucket: 'src', key: 'other/x.mp4', eTag: 'E2', size: 1 },
      ]),
    );
    const first = await t.handle(payload, context('h-1'));
    const second = await t.handle(payload, context('h-2'));
    expect(second).toEqual(first);
    expect(await t.output.list('')).toEqual(['failed/2024-05-06/failed-req.json']);
    expect((await t.output.get('failed/2024-05-06/failed-req.json')).equals(payload)).toBe(true);
    const jobId = jobIdFor('src', 'uploads/a b.mp4', 'E1');
    expect(first.jobs).toEqual([{ jobId, marked: true }]);
    expect(await t.jobs.getRow('jobs', jobKey(jobId))).toMatchObject({
      status: 'FAILED',
      failureReason: 'boom',
      failedFunction: 'media-planner',
      key: 'uploads/a b.mp4',
    });
  });

  it('finds the job by the key the planner claimed it under (raw `my+clip.mp4`), without reading the bucket', async () => {
    const t = setup();
    t.deps.source = overriding(t.output, { head: async () => Promise.reject(new Error('AccessDenied')) });
    const claimed = jobIdFor('src', 'uploads/my+clip.mp4', 'E1');
    await t.jobs.putRow('jobs', jobKey(claimed), { status: 'PLANNING', claimedBy: 'failed-req' });
    const event = ossEventFromSample(OSS_SAMPLE, [{ bucket: 'src', key: 'uploads/my+clip.mp4', eTag: 'E1', size: 1 }]);
    const payload = destination('media-planner', event);
    const result = await createFailureHandler(t.deps)(payload, context('h'));
    expect(result.jobs).toEqual([{ jobId: claimed, marked: true }]);
    expect(await t.jobs.getRow('jobs', jobKey(jobIdFor('src', 'uploads/my clip.mp4', 'E1')))).toBeUndefined();
  });

  it('names the part of a transcoder failure and never overrides a DONE job', async () => {
    const t = setup();
    await t.jobs.putRow('jobs', jobKey('done-job'), { status: 'DONE' });
    await t.jobs.putRow('jobs', jobKey('busy-job'), { status: 'TRANSCODING' });
    await t.handle(destination('media-transcoder', Buffer.from(JSON.stringify({ jobId: 'busy-job', part: '120p' }))), context('h'));
    const done = await t.handle(destination('media-transcoder', Buffer.from(JSON.stringify({ jobId: 'done-job', part: '120p' }))), context('h'));
    expect(await t.jobs.getRow('jobs', jobKey('busy-job'))).toMatchObject({
      status: 'FAILED',
      failedPart: '120p',
      failedFunction: 'media-transcoder',
    });
    expect(done.jobs).toEqual([{ jobId: 'done-job', part: '120p', marked: false }]);
    expect((await t.jobs.getRow('jobs', jobKey('done-job')))?.status).toBe('DONE');
  });

  it('keeps the first failure: a later one never overwrites a FAILED job', async () => {
    const t = setup();
    await t.jobs.putRow('jobs', jobKey('failed-job'), {
      status: 'FAILED',
      failureReason: 'not a video: no video stream',
      failureType: 'PermanentInputError',
    });
    const later = await t.handle(destination('media-transcoder', Buffer.from(JSON.stringify({ jobId: 'failed-job', part: '120p' }))), context('h'));
    expect(later.jobs).toEqual([{ jobId: 'failed-job', part: '120p', marked: false }]);
    expect(await t.jobs.getRow('jobs', jobKey('failed-job'))).toEqual({
      status: 'FAILED',
      failureReason: 'not a video: no video stream',
      failureType: 'PermanentInputError',
    });
  });

  it('writes the payload before touching the table', async () => {
    const broken = new MemoryTableStore();
    broken.updateRow = async () => Promise.reject(new Error('OTS down'));
    const t = setup(broken);
    await expect(t.handle(destination('media-transcoder', Buffer.from('{"jobId":"j","part":"p"}')), context('h'))).rejects.toThrow('OTS down');
    expect(await t.output.list('failed/')).toEqual(['failed/2024-05-06/failed-req.json']);
  });

  it('keeps a malformed payload under a content name and returns', async () => {
    const t = setup();
    const result = await t.handle(Buffer.from('not json'), context('h'));
    expect(result.malformed).toBeDefined();
    expect((await t.output.list('failed/'))[0]).toMatch(/^failed\/2024-05-06\/unparsed-[0-9a-f]{32}\.json$/);
  });
});
