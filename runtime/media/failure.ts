/**
 * Failure handler (on-failure destination of the planner and the transcoder). It first keeps the
 * raw payload in the bucket at `failed/<date>/<requestId>.json`, so nothing is lost even if the
 * table is down, then marks the affected jobs FAILED with the reason and who failed. Idempotent:
 * the same payload rewrites the same object and the same columns.
 */
import { createHash } from 'node:crypto';
import type { FcContext } from '../shared/context';
import { parseAsyncDestinationEvent, type AsyncInvocationFailure } from '../shared/events/async-destination';
import { isRecord } from '../shared/events/malformed-event-error';
import { parseOssEvent, type OssObjectEvent } from '../shared/events/oss';
import { loggerFor, type Logger } from '../shared/log';
import type { MediaDeps } from './deps';
import { failureColumns } from './job-failure';
import { noticeGivenUp, queueNotice } from './completion';
import type { ColumnCondition } from '../shared/ports';
import { columnAbsent, columnEquals, ifCondition } from '../shared/table-store';
import { jobKey } from './jobs';
import { jobIdOfRecord } from './planner';
import { recordRejection } from './uploads';

export const DEFAULT_FAILURE_PREFIX = 'failed/';

export interface FailureResult {
  record: string;
  failedFunction?: string;
  jobs: Array<{ jobId: string; part?: string; marked: boolean }>;
  malformed?: string;
}

interface FailedJob {
  jobId: string;
  part?: string;
  /** Set for a planner failure: the upload the job is for. */
  source?: { bucket: string; key: string; eTag: string };
}

export function createFailureHandler(deps: MediaDeps) {
  return async (event: Buffer, ctx: FcContext): Promise<FailureResult> => {
    const log = loggerFor(ctx, deps.log);
    let failure: AsyncInvocationFailure | undefined;
    let malformed: string | undefined;
    try {
      failure = parseAsyncDestinationEvent(event);
    } catch (err) {
      malformed = (err as Error).message;
    }
    const day = new Date(deps.clock.now()).toISOString().slice(0, 10);
    // Unparseable payloads are kept too, named by their content so a retry rewrites the same object.
    const name = failure?.requestId ?? `unparsed-${createHash('sha256').update(event).digest('hex').slice(0, 32)}`;
    const recordKey = `${deps.failurePrefix ?? DEFAULT_FAILURE_PREFIX}${day}/${safeName(name)}.json`;
    await (deps.failureStore ?? deps.output).put(recordKey, event, { contentType: 'application/json' });
    if (!failure) {
      log.error('malformed destination payload kept', { record: recordKey, reason: malformed });
      return { record: recordKey, jobs: [], malformed };
    }

    // The notifier's events name a job it must never fail: told apart by the function, not the payload's shape.
    if (deps.notifierFunction !== undefined && failure.functionName === deps.notifierFunction) {
      await noticeGivenUp(deps, failure.originalEvent, log);
      return { record: recordKey, failedFunction: failure.functionName, jobs: [] };
    }
    const failed = await failedJobs(deps, failure, log);
    const results: FailureResult['jobs'] = [];
    for (const job of failed) {
      const marked = await markFailed(deps, job, failure, recordKey);
      log.info(marked ? 'job marked FAILED' : 'job already DONE or FAILED; failure not recorded on it', {
        jobId: job.jobId,
        part: job.part,
        failedFunction: failure.functionName,
        reason: failure.errorMessage,
        record: recordKey,
      });
      results.push({ jobId: job.jobId, ...(job.part ? { part: job.part } : {}), marked });
      if (marked) await queueNotice(deps, job.jobId, log);
    }
    return { record: recordKey, failedFunction: failure.functionName, jobs: results };
  };
}

/** A transcoder event names its job; a planner event is an OSS event, whose job ids are recomputed as the planner computes them. */
async function failedJobs(deps: MediaDeps, failure: AsyncInvocationFailure, log: Logger): Promise<FailedJob[]> {
  let body: unknown;
  try {
    body = JSON.parse(failure.originalEvent.toString('utf8'));
  } catch {
    body = undefined;
  }
  if (isRecord(body) && typeof body.jobId === 'string') {
    return [{ jobId: body.jobId, ...(typeof body.part === 'string' ? { part: body.part } : {}) }];
  }
  let records: OssObjectEvent[];
  try {
    records = parseOssEvent(failure.originalEvent).filter((r) => recordRejection(deps.settings, r) === undefined);
  } catch (err) {
    log.logError(err, 'failed invocation carried an event naming no job', { failedFunction: failure.functionName });
    return [];
  }
  const jobs: FailedJob[] = [];
  for (const r of records) {
    const key = await plannedKey(deps, r, failure.requestId);
    jobs.push({ jobId: jobIdOfRecord(r, key), source: { bucket: r.bucket, key, eTag: r.eTag } });
  }
  return jobs;
}

/**
 * The key the planner built the record's job id from (resolveObjectKey's answer, raw key first), found by the rows
 * rather than in the bucket, which the failure handler has no grant to read: the candidate whose row this invocation
 * claimed, else one with a row, else the decoded key (the planner failed before its claim; the failure is recorded).
 */
async function plannedKey(deps: MediaDeps, record: OssObjectEvent, requestId: string): Promise<string> {
  const candidates = [...new Set([record.rawKey, record.key])];
  const rows = await Promise.all(candidates.map((key) => deps.jobs.getRow(deps.jobTable, jobKey(jobIdOfRecord(record, key)))));
  const claimed = candidates.find((_, i) => rows[i]?.claimedBy === requestId);
  return claimed ?? candidates.find((_, i) => rows[i] !== undefined) ?? record.key;
}

/**
 * FAILED unless the job is DONE (a late failure of a duplicate must not undo a finished job) or
 * already FAILED by another failure (the first cause is kept, e.g. a part's permanent error);
 * the same payload again rewrites the same columns. The row may not exist when the planner
 * failed before its claim; it is created then.
 */
async function markFailed(deps: MediaDeps, job: FailedJob, failure: AsyncInvocationFailure, recordKey: string): Promise<boolean> {
  const { errorMessage: reason, errorType: type, functionName, requestId } = failure;
  const statusIsNot = (value: string) => ({ column: 'status', op: '!=' as const, value, passIfMissing: true });
  const notFinished: ColumnCondition = { and: [statusIsNot('DONE'), statusIsNot('FAILED')] };
  // A planner event carries every record of the OSS event: the failed invocation owns only the jobs it claimed and did
  // not dispatch (or never got to claim); a job it dispatched is its transcoders' to fail, a job claimed by another
  // delivery is that delivery's.
  const owned: ColumnCondition = job.source
    ? {
        or: [
          { and: [columnAbsent('claimedBy'), notFinished] },
          { and: [columnEquals('claimedBy', requestId), columnAbsent('dispatchedBy'), notFinished] },
        ],
      }
    : notFinished;
  return ifCondition(() =>
    deps.jobs.updateRow(
      deps.jobTable,
      jobKey(job.jobId),
      {
        put: {
          ...failureColumns({ reason, type, functionName, requestId, ...(job.part ? { part: job.part } : {}) }, deps.clock.now(), deps.settings),
          failedAttempts: failure.attempts,
          ...(job.source ? { bucket: job.source.bucket, key: job.source.key, eTag: job.source.eTag } : {}),
          failureRecord: recordKey,
        },
      },
      { row: 'IGNORE', column: { or: [owned, columnEquals('failureRecord', recordKey)] } },
    ),
  );
}

function safeName(name: string): string {
  return name.replace(/[^\w.-]/g, '_');
}
