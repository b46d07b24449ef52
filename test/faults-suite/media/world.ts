/**
 * The media pipeline's local wiring (local-pipeline.ts) with every invocation's ports behind its own gate: planner,
 * transcoders, failure handler, reaper and completion notifier as the LocalInvoker runs them from the manifest (FC's retries with the same
 * requestId, then the on-failure destination). The world remembers what it uploaded and sent, for the invariants.
 */
import { mkdtempSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { MediaDeps } from '../../../runtime/media/deps';
import { createFailureHandler } from '../../../runtime/media/failure';
import { createLocalPipeline, LOCAL_FUNCTIONS, type LocalPipeline } from '../../../runtime/media/local-pipeline';
import { createPlanner } from '../../../runtime/media/planner';
import { createReaper } from '../../../runtime/media/reaper';
import { createCompletionNotifier, type CompletionNotice } from '../../../runtime/media/completion';
import { MEDIA_DEFAULT_RETRIES, MEDIA_FUNCTIONS, type MediaSettings } from '../../../runtime/media/settings';
import { createTranscoder } from '../../../runtime/media/transcoder';
import { FixedClock } from '../../../runtime/shared/clock';
import type { FcContext } from '../../../runtime/shared/context';
import { parseAsyncDestinationEvent } from '../../../runtime/shared/events/async-destination';
import { registerManifestFunctions } from '../../../runtime/shared/local/register-functions';
import type { Cdn, Invoker, ObjectStore, TableStore } from '../../../runtime/shared/ports';
import { wrap } from '../../faults/fault-run';
import { OSS_SAMPLE, ossEventFromSample, uploadForEvent } from '../../runtime/media/media-fixtures';
import { unreachable, type Invocations } from '../invocations';

/** 2023-11-14T12:00:00Z: noon, so no run crosses a quota day. */
export const T0 = 1_699_963_200_000;

export interface Upload {
  key: string;
  eTag: string;
  /** Whether the uploaded file has an audio stream (tells a re-upload's outputs from the first version's). */
  audio: boolean;
}

export interface MediaWorld {
  pipeline: LocalPipeline;
  clock: FixedClock;
  /** Every version uploaded, and every record sent in a planner event. */
  uploads: Upload[];
  sent: Upload[];
  /** requestIds of the planner and transcoder invocations FC handed to the failure handler. */
  destinations: string[];
  /** What the completion destination received: each notice a notifier invocation returned (FC's on-success delivery). */
  completions: CompletionNotice[];
  upload(key: string, file: string, audio: boolean): Promise<Upload>;
  /** One OSS event with a record per upload, as the trigger invokes the planner (asynchronously). */
  notify(uploads: Upload[]): Promise<void>;
  /** Runs `hook` once, before the first attempt of the first `fn` invocation starts (e.g. a re-upload mid-job). */
  before(fn: string, hook: () => Promise<void>): void;
  /** One timer firing of the reaper. */
  reap(): Promise<void>;
  /** From now on every port call of `fn`'s invocations fails as a network error does (none: the outage ends). */
  outage(fn?: string): void;
  /** As outage, from the invocation of `fn` after the next `invocations` (theirs, retries included, run as usual). */
  outageAfter(fn: string, invocations: number): void;
}

type Make = (deps: MediaDeps) => (event: Buffer, ctx: FcContext) => Promise<unknown>;

export function mediaWorld(settings: MediaSettings, invocations: Invocations): MediaWorld {
  const clock = new FixedClock(T0);
  const pipeline = createLocalPipeline({ workDir: mkdtempSync(path.join(os.tmpdir(), 'faults-media-')), settings, clock, concurrency: 1 });
  const hooks = new Map<string, () => Promise<void>>();
  const destinations: string[] = [];
  const completions: CompletionNotice[] = [];
  // Invocations of each function, by requestId in the order they started (FC's retries keep theirs).
  const started = new Map<string, string[]>();
  let down: { fn: string; from: number } | undefined;
  const isDown = (fn: string, requestId: string) => {
    const ids = started.get(fn) ?? [];
    if (!ids.includes(requestId)) ids.push(requestId);
    started.set(fn, ids);
    return down?.fn === fn && ids.indexOf(requestId) >= down.from;
  };
  const gated = (fn: string, make: Make) => async (event: Buffer, ctx: FcContext) => {
    const hook = hooks.get(fn);
    hooks.delete(fn);
    if (hook) await hook();
    if (fn === 'failure') destinations.push(parseAsyncDestinationEvent(event).requestId);
    const attempt = invocations.attempt(fn, ctx.requestId, fn);
    const gate = isDown(fn, ctx.requestId) ? unreachable(fn, attempt) : attempt;
    const store = wrap<ObjectStore>(pipeline.store, 'oss', gate);
    const ports = { source: store, output: store, jobs: wrap<TableStore>(pipeline.jobs, 'ots', gate) };
    const more = { invoker: wrap<Invoker>(pipeline.invoker, 'invoker', gate), cdn: wrap<Cdn>(pipeline.cdn, 'cdn', gate) };
    return make({ ...pipeline.deps, ...ports, ...more })(event, ctx);
  };
  registerManifestFunctions(
    pipeline.invoker,
    'media',
    MEDIA_FUNCTIONS,
    {
      planner: gated('planner', createPlanner),
      transcoder: gated('transcoder', createTranscoder),
      failureHandler: gated('failure', createFailureHandler),
      reaper: gated('reaper', createReaper),
      completionNotifier: async (event, ctx) => {
        const notice = (await gated('notifier', createCompletionNotifier)(event, ctx)) as CompletionNotice;
        completions.push(notice);
        return notice;
      },
    },
    { maxRetries: MEDIA_DEFAULT_RETRIES },
  );
  const uploads: Upload[] = [];
  const sent: Upload[] = [];
  const objects = new Map<string, Awaited<ReturnType<typeof uploadForEvent>>>();
  return {
    pipeline,
    clock,
    uploads,
    sent,
    destinations,
    completions,
    async upload(key, file, audio) {
      const object = await uploadForEvent(pipeline.store, key, file);
      objects.set(object.eTag, object);
      const upload = { key, eTag: object.eTag, audio };
      uploads.push(upload);
      return upload;
    },
    async notify(records) {
      sent.push(...records);
      await pipeline.invoker.invokeAsync(
        LOCAL_FUNCTIONS.planner,
        ossEventFromSample(
          OSS_SAMPLE,
          records.map((r) => objects.get(r.eTag)!),
        ),
      );
    },
    before(fn, hook) {
      hooks.set(fn, hook);
    },
    async reap() {
      await pipeline.invoker.invokeAsync(LOCAL_FUNCTIONS.reaper, {});
      await pipeline.invoker.drain();
    },
    outage(fn) {
      down = fn === undefined ? undefined : { fn, from: started.get(fn)?.length ?? 0 };
    },
    outageAfter(fn, invocations) {
      down = { fn, from: (started.get(fn)?.length ?? 0) + invocations };
    },
  };
}
