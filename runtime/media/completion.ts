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
 * Where it can stop: a writer that dies after the status write leaves the notice PENDING (its retry, finding the job
 * ended with the notice PENDING, queues it again); the reaper re-queues a notice PENDING for NOTICE_GRACE_MS, up to
 * MAX_NOTICE_ATTEMPTS times, then marks it GAVE_UP with a structured error. A notifier FC gave up on reaches the
 * failure handler (recognised by its function name, never by the payload's shape), which sets it PENDING again. So the
 * destination may hear of a job more than once: `eventId` (`<jobId>:<status>`) is the same each time.
 *
 * SENT means handed to FC: FC's delivery to the destination is not observable here. What FC delivers must fit the
 * destination's limit (64 KB for MNS, 128 KB for FC, result-callback page) with the notice in it twice (request and
 * response payload): a notice over MAX_NOTICE_BYTES leaves its manifest out (`manifestKey` still says where it is).
 * A DONE notice is fixed when the job ends (its manifest is kept on the row), so a later redeploy cannot change it.
 */
import type { FcContext } from '../shared/context';
import { isRecord, MalformedEventError, parseJsonEvent } from '../shared/events/malformed-event-error';
import { loggerFor, type Logger } from '../shared/log';
import type { Attributes } from '../shared/ports';
import { columnEquals, ifCondition } from '../shared/table-store';
import type { MediaDeps } from './deps';
import { jobOutputs, type Manifest } from './finalize';
import { getJob, jobKey } from './jobs';
import type { MediaSettings } from './settings';

/** The job row's notice columns. */
export const NOTICE = { state: 'notice', at: 'noticeAt', sentAt: 'noticeSentAt', attempts: 'noticeAttempts', manifest: 'noticeManifest' } as const;
/** A notice PENDING this long is queued again by the reaper (its notifier invocation was lost, or FC gave up on it). */
export const NOTICE_GRACE_MS = 10 * 60_000;
/** Reaper re-queues of one notice before it is GAVE_UP (every 30 minutes: about five hours of a destination or grant that fails). */
export const MAX_NOTICE_ATTEMPTS = 10;
/** Larger notices leave the manifest out: twice this plus FC's envelope stays under MNS's 64 KB. */
export const MAX_NOTICE_BYTES = 24 * 1024;

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

/**
 * The columns that make a job's end notify (none when the pattern has no completion destination): PENDING, and for a
 * DONE job the manifest the notice carries, fixed at the job's end.
 */
export function noticeColumns(settings: Pick<MediaSettings, 'notifyCompletion'>, now: number, manifest?: Manifest): Attributes {
  if (!settings.notifyCompletion) return {};
  return { [NOTICE.state]: 'PENDING', [NOTICE.at]: now, [NOTICE.attempts]: 0, ...(manifest ? { [NOTICE.manifest]: JSON.stringify(manifest) } : {}) };
}

/** The notice of a job that ended, from its row; undefined while it has not. */
export async function completionNotice(deps: MediaDeps, jobId: string): Promise<CompletionNotice | undefined> {
  const job = await getJob(deps.jobs, deps.jobTable, jobId);
  if (!job || (job.status !== 'DONE' && job.status !== 'FAILED')) return undefined;
  const row = job.raw;
  const source = { bucket: job.bucket, key: job.key, eTag: job.eTag };
  if (job.status === 'DONE') {
    // The manifest as the job ended (a job DONE before notices were on has none kept: its outputs rebuild it).
    const kept = typeof row[NOTICE.manifest] === 'string' ? (JSON.parse(row[NOTICE.manifest] as string) as Manifest) : undefined;
    const rebuilt = kept && typeof row.manifest === 'string' ? undefined : jobOutputs(deps.settings, job);
    const manifest = kept ?? rebuilt!.manifest;
    const manifestKey = typeof row.manifest === 'string' ? row.manifest : rebuilt!.manifestKey;
    const notice: CompletionNotice = {
      eventId: `${jobId}:DONE`,
      type: 'media.job.done',
      jobId,
      source,
      time: iso(row.doneAt),
      manifestKey,
      manifest,
    };
    if (Buffer.byteLength(JSON.stringify(notice)) <= MAX_NOTICE_BYTES) return notice;
    const { manifest: _left, ...small } = notice;
    return small;
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

/**
 * The failure handler's part, for an invocation of the notifier FC gave up on: a well-formed notice is left PENDING
 * again, for the reaper; anything else is logged as a structured error and nothing is written (it never names a job
 * to fail: only the function's name says the event was the notifier's).
 */
export async function noticeGivenUp(deps: MediaDeps, event: Buffer, log: Logger): Promise<boolean> {
  let given: Pick<CompletionNotice, 'jobId' | 'eventId'>;
  try {
    given = parseNotice(event, log);
  } catch {
    return false;
  }
  const { jobId } = given;
  const reopened = await ifCondition(() =>
    deps.jobs.updateRow(
      deps.jobTable,
      jobKey(jobId),
      { put: { [NOTICE.state]: 'PENDING', [NOTICE.at]: deps.clock.now() } },
      { row: 'EXPECT_EXIST', column: columnEquals(NOTICE.state, 'SENT') },
    ),
  );
  log.warn('completion notice given up by FC; the reaper queues it again', { jobId, reopened });
  return reopened;
}

/**
 * The reaper's part: re-queues a notice PENDING for longer than the grace, once per reaper run (the claim moves its
 * `noticeAt` on and counts the attempt, conditional on the value read, so two reapers queue it once). After
 * MAX_NOTICE_ATTEMPTS, or for a row that no longer holds an ended job (its cells expired), the notice is GAVE_UP.
 */
export async function requeueStaleNotice(deps: MediaDeps, jobId: string, row: Attributes, now: number, log: Logger): Promise<boolean> {
  const at = row[NOTICE.at];
  if (row[NOTICE.state] !== 'PENDING' || typeof at !== 'number' || at > now - NOTICE_GRACE_MS) return false;
  const attempts = typeof row[NOTICE.attempts] === 'number' ? (row[NOTICE.attempts] as number) : 0;
  const ended = row.status === 'DONE' || row.status === 'FAILED';
  const giveUp = attempts >= MAX_NOTICE_ATTEMPTS || !ended;
  const put: Attributes = giveUp ? { [NOTICE.state]: 'GAVE_UP', [NOTICE.at]: now } : { [NOTICE.at]: now, [NOTICE.attempts]: attempts + 1 };
  const claimed = await ifCondition(() =>
    deps.jobs.updateRow(deps.jobTable, jobKey(jobId), { put }, { row: 'EXPECT_EXIST', column: columnEquals(NOTICE.at, at) }),
  );
  if (!claimed) return false;
  if (giveUp) {
    log.error('completion notice given up', { jobId, attempts, status: row.status ?? 'gone', pendingSince: at });
    return false;
  }
  log.warn('stale completion notice queued again', { jobId, pendingSince: at, attempts: attempts + 1 });
  await queueNotice(deps, jobId, log);
  return true;
}

/** A writer's retry found the job already ended: its notice is queued again while still PENDING (the first try may have died before). */
export async function queueIfPending(deps: MediaDeps, jobId: string, row: Attributes | undefined, log: Logger): Promise<void> {
  if (row?.[NOTICE.state] === 'PENDING') await queueNotice(deps, jobId, log);
}

function parseNotice(event: Buffer, log: Logger): Pick<CompletionNotice, 'jobId' | 'eventId'> {
  try {
    const body = parseJsonEvent(event);
    if (!isRecord(body) || typeof body.jobId !== 'string' || typeof body.eventId !== 'string') {
      throw new MalformedEventError('$', 'expected a completion notice with jobId and eventId');
    }
    return { jobId: body.jobId, eventId: body.eventId };
  } catch (err) {
    log.logError(err, 'malformed completion notice', { eventBytes: event.length });
    throw err;
  }
}

function iso(value: unknown): string {
  return new Date(typeof value === 'number' ? value : 0).toISOString();
}
