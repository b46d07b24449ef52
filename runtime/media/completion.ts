/**
 * Completion notices: when a job ends (DONE or FAILED), the user's destination (an FC function or MNS topic, the
 * construct's `completion` prop) is told at least once. The status write that ends the job also marks its
 * notice PENDING (noticeColumns), in the same conditional update; then the writer queues the completion notifier with
 * the notice (queueNotice). The notifier checks the notice against the row, marks it SENT and returns it: FC 3.0 hands
 * the return to the notifier's on-success destination, the user's function or topic ("After a successful invocation,
 * Function Compute sends the request context to the configured success destination",
 * https://www.alibabacloud.com/help/en/fc/user-guide/result-callback). The notice is the invocation's payload too, so
 * the destination's `requestPayload` (documented as the original payload) holds it whatever `responsePayload` holds.
 *
 * Where it can stop: a writer that dies after the status write leaves the notice PENDING; the reaper re-queues a
 * notice PENDING for NOTICE_GRACE_MS. A notifier FC gave up on reaches the failure handler, which sets it PENDING
 * again. So the destination may hear of a job more than once: `eventId` (`<jobId>:<status>`) is the same each time.
 */
import type { FcContext } from '../shared/context';
import { isRecord, MalformedEventError } from '../shared/events/malformed-event-error';
import { loggerFor, type Logger } from '../shared/log';
import type { Attributes } from '../shared/ports';
import { columnEquals, ifCondition } from '../shared/table-store';
import type { MediaDeps } from './deps';
import { jobOutputs, type Manifest } from './finalize';
import { getJob, jobKey } from './jobs';
import type { MediaSettings } from './settings';

/** The job row's notice columns. */
export const NOTICE = { state: 'notice', at: 'noticeAt', sentAt: 'noticeSentAt' } as const;
/** A notice PENDING this long is queued again by the reaper (its notifier invocation was lost, or FC gave up on it). */
export const NOTICE_GRACE_MS = 10 * 60_000;

export interface CompletionNotice {
  /** `<jobId>:DONE` or `<jobId>:FAILED`: the same for every delivery of this notice. */
  eventId: string;
  type: 'media.job.done' | 'media.job.failed';
  jobId: string;
  /** The upload the job is for. */
  source: { bucket: string; key: string; eTag: string };
  /** When the job ended, ISO 8601. */
  time: string;
  /** DONE: the manifest written beside the outputs, and its key. */
  manifestKey?: string;
  manifest?: Manifest;
  /** FAILED: why, and which function's invocation failed it. */
  failure?: { reason: string; type: string; functionName: string; requestId: string; part?: string };
}

/** The columns that make a job's end notify (none when the pattern has no completion destination). */
export function noticeColumns(settings: Pick<MediaSettings, 'notifyCompletion'>, now: number): Attributes {
  return settings.notifyCompletion ? { [NOTICE.state]: 'PENDING', [NOTICE.at]: now } : {};
}

/** The notice of a job that ended, from its row; undefined while it has not. */
export async function completionNotice(deps: MediaDeps, jobId: string): Promise<CompletionNotice | undefined> {
  const job = await getJob(deps.jobs, deps.jobTable, jobId);
  if (!job || (job.status !== 'DONE' && job.status !== 'FAILED')) return undefined;
  const row = job.raw;
  const source = { bucket: job.bucket, key: job.key, eTag: job.eTag };
  if (job.status === 'DONE') {
    const { manifest, manifestKey } = jobOutputs(deps.settings, job);
    return { eventId: `${jobId}:DONE`, type: 'media.job.done', jobId, source, time: iso(row.doneAt), manifestKey, manifest };
  }
  const failure = {
    reason: String(row.failureReason ?? ''),
    type: String(row.failureType ?? ''),
    functionName: String(row.failedFunction ?? ''),
    requestId: String(row.failedRequestId ?? ''),
    ...(typeof row.failedPart === 'string' ? { part: row.failedPart } : {}),
  };
  return { eventId: `${jobId}:FAILED`, type: 'media.job.failed', jobId, source, time: iso(row.failedAt), failure };
}

/**
 * Queues the notifier for a job that just ended. A failure here is logged, not thrown: the job's end stands, and the
 * reaper queues a notice left PENDING.
 */
export async function queueNotice(deps: MediaDeps, jobId: string, log: Logger): Promise<void> {
  if (!deps.settings.notifyCompletion || !deps.notifierFunction) return;
  try {
    const notice = await completionNotice(deps, jobId);
    if (notice) await deps.invoker.invokeAsync(deps.notifierFunction, notice);
  } catch (err) {
    log.logError(err, 'completion notice not queued; the reaper queues it', { jobId });
  }
}

/** The notifier: the notice, checked against the job's row and marked SENT, as its return value for FC's destination. */
export function createCompletionNotifier(deps: MediaDeps) {
  return async (event: Buffer, ctx: FcContext): Promise<CompletionNotice> => {
    const log = loggerFor(ctx, deps.log);
    const given = parseNotice(event, log);
    const notice = await completionNotice(deps, given.jobId);
    // Only our own writers queue notices: one that disagrees with its row is a defect, kept by the failure handler.
    if (!notice || notice.eventId !== given.eventId) {
      log.error('completion notice does not match its job', { jobId: given.jobId, eventId: given.eventId, found: notice?.eventId ?? 'no ended job' });
      throw new MalformedEventError('eventId', `does not match job ${given.jobId}`);
    }
    await deps.jobs.updateRow(
      deps.jobTable,
      jobKey(notice.jobId),
      { put: { [NOTICE.state]: 'SENT', [NOTICE.sentAt]: deps.clock.now() } },
      { row: 'EXPECT_EXIST' },
    );
    log.info('completion notice sent', { jobId: notice.jobId, eventId: notice.eventId });
    return notice;
  };
}

/** The failure handler's part: a notifier FC gave up on leaves its notice PENDING again, for the reaper. */
export async function noticeGivenUp(deps: MediaDeps, jobId: string, log: Logger): Promise<boolean> {
  const reopened = await ifCondition(() =>
    deps.jobs.updateRow(
      deps.jobTable,
      jobKey(jobId),
      { put: { [NOTICE.state]: 'PENDING', [NOTICE.at]: deps.clock.now() } },
      { row: 'EXPECT_EXIST', column: { column: NOTICE.state, op: '!=', value: 'PENDING', passIfMissing: false } },
    ),
  );
  log.warn('completion notice given up by FC; the reaper queues it again', { jobId, reopened });
  return reopened;
}

/**
 * The reaper's part: re-queues a notice PENDING for longer than the grace, once per reaper run (the claim moves its
 * `noticeAt` on, conditional on the value read, so two reapers queue it once).
 */
export async function requeueStaleNotice(deps: MediaDeps, jobId: string, row: Attributes, now: number, log: Logger): Promise<boolean> {
  const at = row[NOTICE.at];
  if (row[NOTICE.state] !== 'PENDING' || typeof at !== 'number' || at > now - NOTICE_GRACE_MS) return false;
  const claimed = await ifCondition(() =>
    deps.jobs.updateRow(deps.jobTable, jobKey(jobId), { put: { [NOTICE.at]: now } }, { row: 'EXPECT_EXIST', column: columnEquals(NOTICE.at, at) }),
  );
  if (!claimed) return false;
  log.warn('stale completion notice queued again', { jobId, pendingSince: at });
  await queueNotice(deps, jobId, log);
  return true;
}

function parseNotice(event: Buffer, log: Logger): Pick<CompletionNotice, 'jobId' | 'eventId'> {
  let body: unknown;
  try {
    body = JSON.parse(event.toString('utf8'));
  } catch {
    body = undefined;
  }
  if (!isRecord(body) || typeof body.jobId !== 'string' || typeof body.eventId !== 'string') {
    const err = new MalformedEventError('notice', 'expected a completion notice with jobId and eventId');
    log.logError(err, 'malformed completion notice', { eventBytes: event.length });
    throw err;
  }
  return { jobId: body.jobId, eventId: body.eventId };
}

function iso(value: unknown): string {
  return new Date(typeof value === 'number' ? value : 0).toISOString();
}
