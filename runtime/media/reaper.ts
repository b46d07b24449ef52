/**
 * Reaper (timer-driven): a job whose handlers and failure handler all gave up would stay PLANNING or TRANSCODING for
 * ever, its claim blocking any re-delivery. Every stage writes a deadline on the row (the planner at its claim and at
 * TRANSCODING, each transcoder at its part's claim and DONE); the reaper fails every unfinished job past it. The
 * write is conditional on the status and deadline it read, so a job that moved on meanwhile is left alone, and a
 * second reaper run (or FC's retry) changes nothing. With completion notices on, it also queues again a notice left
 * PENDING past its grace (completion.ts). And it deletes the segments of versions nothing plays any more: a FAILED
 * job's, and a published one's that a newer version replaced (retired-segments.ts), each a grace period after.
 */
import type { FcContext } from '../shared/context';
import { loggerFor } from '../shared/log';
import { MAX, MIN, type PrimaryKey } from '../shared/ports';
import { columnEquals, ifCondition } from '../shared/table-store';
import type { MediaDeps } from './deps';
import type { MediaSettings } from './settings';
import { failureColumns } from './job-failure';
import { jobKey } from './jobs';
import { queueNotice, requeueStaleNotice } from './completion';
import { deleteDueSegments, SEGMENT_DELETES_PER_RUN } from './retired-segments';

/** failureType the reaper writes. */
export const DEADLINE_FAILURE_TYPE = 'DeadlineExceeded';

const UNFINISHED = ['PLANNING', 'TRANSCODING'];
const PAGE_ROWS = 500;

/** When a stage that starts `now` is overdue (the construct renders `stageDeadlineSeconds`: see MediaSettings). */
export const stageDeadline = (settings: Pick<MediaSettings, 'stageDeadlineSeconds'>, now: number) => now + settings.stageDeadlineSeconds * 1000;

export interface ReaperResult {
  scanned: number;
  failed: string[];
  /** Jobs whose completion notice stayed PENDING past its grace and was queued again. */
  requeuedNotices: string[];
  /** Segment files deleted (retired-segments.ts), and the jobs whose due segments are all gone now. */
  deletedSegments: number;
  cleaned: string[];
}

export function createReaper(deps: MediaDeps) {
  return async (_event: Buffer, ctx: FcContext): Promise<ReaperResult> => {
    const log = loggerFor(ctx, deps.log);
    const now = deps.clock.now();
    const result: ReaperResult = { scanned: 0, failed: [], requeuedNotices: [], deletedSegments: 0, cleaned: [] };
    let start: PrimaryKey | undefined = [['jobId', MIN]];
    while (start) {
      const page = await deps.jobs.getRange(deps.jobTable, start, [['jobId', MAX]], { limit: PAGE_ROWS });
      for (const { key, attributes: row } of page.rows) {
        result.scanned++;
        const { status, deadline } = row;
        const jobId = String(key[0][1]);
        if (deps.settings.notifyCompletion && (await requeueStaleNotice(deps, jobId, row, now, log))) result.requeuedNotices.push(jobId);
        // A bucket that refuses a list or a delete must not keep the reaper from the stuck jobs of later rows.
        const segments = await deleteDueSegments(deps, jobId, row, now, SEGMENT_DELETES_PER_RUN - result.deletedSegments, log).catch(
          (err: unknown) => {
            log.error('segments of versions nothing plays: not deleted this run', { jobId, error: err instanceof Error ? err.message : String(err) });
            return undefined;
          },
        );
        if (segments) result.deletedSegments += segments.deleted;
        if (segments?.complete) result.cleaned.push(jobId);
        if (typeof status !== 'string' || !UNFINISHED.includes(status) || typeof deadline !== 'number' || deadline > now) continue;
        const reason = `stuck in ${status} past its deadline ${new Date(deadline).toISOString()}: its handlers and the failure handler gave up`;
        const failure = { reason, type: DEADLINE_FAILURE_TYPE, functionName: ctx.function.name, requestId: ctx.requestId };
        const marked = await ifCondition(() =>
          deps.jobs.updateRow(
            deps.jobTable,
            jobKey(jobId),
            { put: failureColumns(failure, now, deps.settings) },
            { row: 'EXPECT_EXIST', column: { and: [columnEquals('status', status), columnEquals('deadline', deadline)] } },
          ),
        );
        if (!marked) continue;
        log.warn('stuck job marked FAILED', { jobId, status, deadline });
        result.failed.push(jobId);
        await queueNotice(deps, jobId, log);
      }
      start = page.next;
    }
    log.info('reaper done', {
      scanned: result.scanned,
      failed: result.failed.length,
      requeuedNotices: result.requeuedNotices.length,
      deletedSegments: result.deletedSegments,
      cleaned: result.cleaned.length,
    });
    return result;
  };
}
