/**
 * Marking a job FAILED: the columns every writer puts (the failure handler after FC gave up, the
 * planner and the transcoder at once on a permanent input error), so a job row reads the same
 * whoever failed it. The first failure is kept: later ones never overwrite it.
 */
import type { Attributes, ColumnCondition } from '../shared/ports';
import type { MediaDeps } from './deps';
import { ifCondition } from '../shared/table-store';
import { jobKey } from './jobs';
import type { Logger } from '../shared/log';
import type { MediaSettings } from './settings';
import { noticeColumns, queueNotice } from './completion';

/** failureType of a failure no retry can fix (the failure handler writes FC's errorType instead). */
export const PERMANENT_FAILURE_TYPE = 'PermanentInputError';
/** Table Store keeps strings up to 2 MB; a reason is for people, so keep it readable. */
const REASON_LIMIT = 2000;

export interface JobFailure {
  reason: string;
  type: string;
  functionName: string;
  requestId: string;
  part?: string;
}

/** The columns of a FAILED job; with completion notices on, the notice is pending from the same write (completion.ts). */
export function failureColumns(failure: JobFailure, now: number, settings: MediaSettings): Attributes {
  return {
    ...noticeColumns(settings, now),
    status: 'FAILED',
    failureReason: failure.reason.slice(0, REASON_LIMIT),
    failureType: failure.type,
    failedFunction: failure.functionName,
    failedRequestId: failure.requestId,
    ...(failure.part ? { failedPart: failure.part } : {}),
    failedAt: now,
    updatedAt: now,
  };
}

/** A permanent failure, written only while `onlyIf` holds; false when it did not. Its completion notice is queued. */
export async function failJobPermanently(
  deps: MediaDeps,
  jobId: string,
  failure: Omit<JobFailure, 'type'>,
  onlyIf: ColumnCondition,
  log: Logger,
): Promise<boolean> {
  const columns = failureColumns({ ...failure, type: PERMANENT_FAILURE_TYPE }, deps.clock.now(), deps.settings);
  const marked = await ifCondition(() =>
    deps.jobs.updateRow(deps.jobTable, jobKey(jobId), { put: columns }, { row: 'EXPECT_EXIST', column: onlyIf }),
  );
  if (marked) await queueNotice(deps, jobId, log);
  return marked;
}
