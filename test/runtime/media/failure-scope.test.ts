/** A failed planner invocation fails only the jobs it could not plan, not the healthy uploads of the same OSS event. */
import * as path from 'node:path';
import type { MediaDeps } from '../../../runtime/media/deps';
import { createFailureHandler } from '../../../runtime/media/failure';
import { jobIdFor, readJob } from '../../../runtime/media/jobs';
import { createPlanner } from '../../../runtime/media/planner';
import { FixedClock } from '../../../runtime/shared/clock';
import { buildAsyncDestinationPayload } from '../../../runtime/shared/events/async-destination';
import { LocalObjectStore } from '../../../runtime/shared/local/local-object-store';
import { MemoryTableStore } from '../../../runtime/shared/local/table-store/memory-table-store';
import { context, logLines, OSS_SAMPLE, ossEventFromSample, TINY_SETTINGS, tinyClip, tmpWorkDir, uploadForEvent } from './media-fixtures';

let clip: string;
beforeAll(async () => {
  clip = await tinyClip(tmpWorkDir('scope-clip'));
});

describe('failure handler after a planner gave up', () => {
  it('fails only the corrupt upload among ten records of one OSS event; the healthy jobs keep transcoding', async () => {
    const dir = tmpWorkDir('scope');
    const store = new LocalObjectStore(path.join(dir, 'b'), 'src');
    const jobs = new MemoryTableStore();
    const deps: MediaDeps = {
      settings: TINY_SETTINGS,
      source: store,
      output: store,
      jobs,
      jobTable: 'jobs',
      invoker: { invokeAsync: async () => undefined },
      transcoderFunction: 'transcoder',
      clock: new FixedClock(1_700_000_000_000),
      log: logLines().sink,
      tmpDir: path.join(dir, 'tmp'),
    };
    const objects: Array<Awaited<ReturnType<typeof uploadForEvent>>> = [];
    for (let i = 0; i < 10; i++) objects.push(await uploadForEvent(store, `uploads/clip-${i}.mp4`, clip));
    const corrupt = objects[6];
    // ffprobe dies on the corrupt upload in a way no classification calls permanent, so every attempt throws.
    const readableUrl = store.readableUrl.bind(store);
    store.readableUrl = async (key) => (key === corrupt.key ? Promise.reject(new Error('ffprobe killed by SIGSEGV')) : readableUrl(key));
    const event = ossEventFromSample(OSS_SAMPLE, objects);
    const plan = createPlanner(deps);
    for (let attempt = 0; attempt < 3; attempt++) await expect(plan(event, context('planner-req'))).rejects.toThrow('SIGSEGV');

    const payload = buildAsyncDestinationPayload({
      timestamp: 1,
      requestId: 'planner-req',
      region: 'cn-hangzhou',
      accountId: '1',
      functionName: 'media-planner',
      condition: 'UnhandledInvocationError',
      attempts: 3,
      event,
      functionError: 'UnhandledInvocationError',
      error: new Error('ffprobe killed by SIGSEGV'),
    });
    const result = await createFailureHandler(deps)(Buffer.from(JSON.stringify(payload)), context('failure-req'));

    const status = async (o: (typeof objects)[0]) =>
      readJob('x', (await jobs.getRow('jobs', [['jobId', jobIdFor(o.bucket, o.key, o.eTag)]]))!).status;
    expect(await status(corrupt)).toBe('FAILED');
    for (const o of objects.filter((x) => x !== corrupt)) expect(await status(o)).toBe('TRANSCODING');
    expect(result.jobs.filter((j) => j.marked)).toEqual([{ jobId: jobIdFor(corrupt.bucket, corrupt.key, corrupt.eTag), marked: true }]);
  });
});
