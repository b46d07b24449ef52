/**
 * Planner (OSS trigger): claims each upload once, probes it, plans its parts and fans out one
 * asynchronous transcoder invocation per part. An upload that is not a readable video fails its
 * job at once and the planner returns normally: a throw would make FC retry what cannot succeed.
 */
import { queueIfPending } from './completion';
import type { FcContext } from '../shared/context';
import { parseTriggerEvent } from '../shared/events/parse-trigger-event';
import { parseOssEvent, resolveObjectKey, type OssObjectEvent } from '../shared/events/oss';
import { classifyMediaFailure, keyframesAtOrBefore, probe, type ProbeResult } from '../shared/ffmpeg';
import { planChunks, type Chunk } from './chunks';
import { loggerFor, type Logger } from '../shared/log';
import type { MediaDeps } from './deps';
import { failJobPermanently } from './job-failure';
import { columnEquals, ifCondition } from '../shared/table-store';
import { getJob, jobIdFor, jobKey } from './jobs';
import { planParts } from './plan';
import { stageDeadline } from './reaper';
import { readPinned, sourceChange, sourceChangedBy } from './source-version';
import { recordRejection } from './uploads';

export type RecordOutcome =
  | { key: string; outcome: 'ignored'; reason: string }
  | { key: string; outcome: 'missing' }
  | { key: string; outcome: 'superseded'; reason: string }
  | { key: string; jobId: string; outcome: 'duplicate' }
  | { key: string; jobId: string; outcome: 'planned'; parts: string[] }
  | { key: string; jobId: string; outcome: 'failed'; reason: string };

export interface PlannerResult {
  records: RecordOutcome[];
  malformed?: string;
}

/**
 * The job a record belongs to, from the key the object really has (resolveObjectKey's answer): the decoded key would
 * give `uploads/my+clip.mp4` and `uploads/my clip.mp4` one id. The planner and the failure handler must agree on it.
 */
export function jobIdOfRecord(record: OssObjectEvent, resolvedKey: string): string {
  return jobIdFor(record.bucket, resolvedKey, record.eTag);
}

export function createPlanner(deps: MediaDeps) {
  return async (event: Buffer, ctx: FcContext): Promise<PlannerResult> => {
    const log = loggerFor(ctx, deps.log);
    // Retrying a malformed event can never succeed: it is logged and answered normally.
    const parsed = parseTriggerEvent(log, 'malformed OSS event', () => parseOssEvent(event), { eventBytes: event.length });
    if (!parsed.ok) return { records: [], malformed: parsed.error.message };
    const records = parsed.event;
    const outcomes: RecordOutcome[] = [];
    let firstError: unknown;
    // Records are independent: one failing (and being retried) must not stop the others.
    for (const record of records) {
      try {
        outcomes.push(await planRecord(deps, record, ctx, log));
      } catch (err) {
        log.logError(err, 'planning failed', { key: record.key });
        firstError ??= err;
      }
    }
    // Throw after trying every record so FC retries (claims make the retry skip finished ones).
    if (firstError) throw firstError;
    return { records: outcomes };
  };
}

async function planRecord(deps: MediaDeps, record: OssObjectEvent, ctx: FcContext, baseLog: Logger): Promise<RecordOutcome> {
  const { settings, jobs, jobTable } = deps;
  const reason = recordRejection(settings, record);
  if (reason) {
    baseLog.info('record ignored', { key: record.key, reason });
    return { key: record.key, outcome: 'ignored', reason };
  }
  const started = deps.clock.now();
  const key = await resolveObjectKey(deps.source, record);
  if (!key) {
    // Deleted since the event: nothing to transcode, and a retry will not change that.
    baseLog.warn('source object not found', { key: record.key });
    return { key: record.key, outcome: 'missing' };
  }
  // Replaced since the event: the new version's own event plans it; this one must not claim its bytes.
  const superseded = await sourceChange(deps.source, key, record.eTag);
  if (superseded) {
    baseLog.info('record superseded', { key, reason: superseded });
    return { key, outcome: 'superseded', reason: superseded };
  }
  const jobId = jobIdOfRecord(record, key);
  const log = baseLog.child({ jobId });

  const now = deps.clock.now();
  const claimed = await ifCondition(() =>
    jobs.putRow(
      jobTable,
      jobKey(jobId),
      {
        status: 'PLANNING',
        bucket: record.bucket,
        key,
        eTag: record.eTag,
        claimedBy: ctx.requestId,
        deadline: stageDeadline(deps.settings, now),
        createdAt: now,
        updatedAt: now,
      },
      { row: 'EXPECT_NOT_EXIST' },
    ),
  );
  const job = await getJob(jobs, jobTable, jobId);
  if (!claimed && job?.claimedBy !== ctx.requestId) {
    log.info('duplicate delivery ignored', { key, claimedBy: job?.claimedBy });
    return { key, jobId, outcome: 'duplicate' };
  }
  if (job?.status === 'FAILED') {
    // This invocation failed the job before (FC retries it when another record of the event threw).
    log.info('job already failed', { key, reason: job.failureReason });
    await queueIfPending(deps, jobId, job.raw, log);
    return { key, jobId, outcome: 'failed', reason: job.failureReason ?? '' };
  }

  let plan = job?.plan;
  if (!plan) {
    const probed = await probeSource(deps, key, record.eTag);
    if ('reason' in probed) {
      const failure = { reason: probed.reason, functionName: ctx.function.name, requestId: ctx.requestId };
      const onlyOurs = { and: [columnEquals('status', 'PLANNING'), columnEquals('claimedBy', ctx.requestId)] };
      const marked = await failJobPermanently(deps, jobId, failure, onlyOurs, log);
      log.warn('source is not a usable video; job failed without retries', { key, reason: probed.reason, marked });
      return { key, jobId, outcome: 'failed', reason: probed.reason };
    }
    const sourceInfo = probed.source;
    plan = planParts(settings, sourceInfo, probed.chunks);
    // Only from PLANNING: a retry that finds the plan recorded must not reset it.
    await jobs.updateRow(
      jobTable,
      jobKey(jobId),
      {
        put: {
          status: 'TRANSCODING',
          source: JSON.stringify(sourceInfo),
          plan: JSON.stringify(plan),
          partsTotal: plan.length,
          deadline: stageDeadline(deps.settings, deps.clock.now()),
          updatedAt: deps.clock.now(),
        },
      },
      { row: 'EXPECT_EXIST', column: { and: [columnEquals('status', 'PLANNING'), columnEquals('claimedBy', ctx.requestId)] } },
    );
    log.info('source probed', { key, source: sourceInfo, chunks: probed.chunks.length, parts: plan.map((p) => p.name) });
  }
  // Re-sent on a retry too: a part already claimed ignores the duplicate.
  for (const part of plan) await deps.invoker.invokeAsync(deps.transcoderFunction, { jobId, part: part.name });
  // This record's outcome, on the row: should another record of the event make the invocation fail for good, the
  // failure handler leaves this job (its transcoders are queued) to them.
  await jobs.updateRow(
    jobTable,
    jobKey(jobId),
    { put: { dispatchedBy: ctx.requestId, updatedAt: deps.clock.now() } },
    { row: 'EXPECT_EXIST', column: columnEquals('claimedBy', ctx.requestId) },
  );
  log.info('job planned', { key, parts: plan.map((p) => p.name), durationMs: deps.clock.now() - started });
  return { key, jobId, outcome: 'planned', parts: plan.map((p) => p.name) };
}

/**
 * The metadata of the source's version `eTag` and, when it is long, its chunks (cut at its key frames), or why it can
 * never be transcoded; a transient failure throws.
 */
async function probeSource(deps: MediaDeps, key: string, eTag: string): Promise<{ source: ProbeResult; chunks: Chunk[] } | { reason: string }> {
  try {
    const pinned = await readPinned(deps.source, key, eTag);
    const source = await probe(pinned.url, pinned.headers);
    const keyframes = (seconds: readonly number[]) => keyframesAtOrBefore(pinned.url, seconds, source.startSeconds, pinned.headers);
    return { source, chunks: await planChunks(deps.settings, source, keyframes) };
  } catch (err) {
    const changed = await sourceChangedBy(err, deps.source, key, eTag);
    if (changed) return { reason: changed };
    const kind = classifyMediaFailure(err);
    if (!kind.permanent) throw err;
    return { reason: kind.reason };
  }
}
