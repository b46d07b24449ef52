/**
 * Transcoder (async, one invocation per part): claims its part so a duplicate invocation never
 * transcodes twice, renders it, records it DONE while counting it, and the invocation whose count
 * reaches the total finalizes the job. When ffmpeg cannot read the source (a permanent error), or the
 * source has been replaced by a new version (which has its own job), the job fails at once, naming the
 * part, and the invocation returns so FC does not retry it.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { FcContext } from '../shared/context';
import { isRecord, MalformedEventError, parseJsonEvent } from '../shared/events/malformed-event-error';
import { parseTriggerEvent } from '../shared/events/parse-trigger-event';
import { classifyMediaFailure } from '../shared/ffmpeg';
import { loggerFor, type Logger } from '../shared/log';
import type { MediaDeps } from './deps';
import { finalizeJob, type FinalizeResult } from './finalize';
import { failJobPermanently } from './job-failure';
import { columnAbsent, columnEquals, ifCondition } from '../shared/table-store';
import { getJob, jobKey, partColumns, type Job, type PartResult } from './jobs';
import { stageDeadline } from './reaper';
import { renderPart } from './render-part';
import { sourceChangedBy } from './source-version';

export interface TranscodeRequest {
  jobId: string;
  part: string;
}

export type TranscoderResult =
  | { jobId: string; part: string; outcome: 'transcoded' | 'already-done'; finalized?: FinalizeResult }
  | { jobId: string; part: string; outcome: 'duplicate' | 'skipped' | 'failed'; reason: string }
  | { outcome: 'malformed'; reason: string };

export function parseTranscodeRequest(event: Buffer): TranscodeRequest {
  const body = parseJsonEvent(event);
  if (!isRecord(body)) throw new MalformedEventError('$', 'expected a JSON object');
  if (typeof body.jobId !== 'string' || body.jobId === '') throw new MalformedEventError('jobId', 'expected a non-empty string');
  if (typeof body.part !== 'string' || body.part === '') throw new MalformedEventError('part', 'expected a non-empty string');
  return { jobId: body.jobId, part: body.part };
}

export function createTranscoder(deps: MediaDeps) {
  return async (event: Buffer, ctx: FcContext): Promise<TranscoderResult> => {
    const parsed = parseTriggerEvent(loggerFor(ctx, deps.log), 'malformed transcode request', () => parseTranscodeRequest(event));
    if (!parsed.ok) return { outcome: 'malformed', reason: parsed.error.message };
    const request = parsed.event;
    const log = loggerFor(ctx, deps.log).child({ jobId: request.jobId, part: request.part });
    const workDir = path.join(deps.tmpDir, `${ctx.requestId}-${request.part}`.replace(/[^\w.-]/g, '_'));
    try {
      return await transcodePart(deps, request, ctx, log, workDir);
    } finally {
      await fs.rm(workDir, { recursive: true, force: true });
    }
  };
}

async function transcodePart(
  deps: MediaDeps,
  { jobId, part }: TranscodeRequest,
  ctx: FcContext,
  log: Logger,
  workDir: string,
): Promise<TranscoderResult> {
  const { jobs, jobTable } = deps;
  const skip = (reason: string): TranscoderResult => {
    log.warn('part skipped', { reason });
    return { jobId, part, outcome: 'skipped', reason };
  };
  let job = await getJob(jobs, jobTable, jobId);
  if (!job) return skip('job not found');
  if (job.status === 'FAILED') return skip('job is FAILED');
  const index = job.plan?.findIndex((p) => p.name === part) ?? -1;
  if (index < 0) return skip('part is not in the plan');
  const columns = partColumns(index);

  if (job.parts[index].state === 'DONE') {
    // A retry after the part was recorded but before finalize finished (or a late duplicate).
    return { jobId, part, outcome: 'already-done', ...(await finalizeIfComplete(deps, job, ctx, log)) };
  }
  // Claim: the part is untouched, or this very invocation claimed it before failing (FC retries keep the requestId).
  const claimed = await ifCondition(() =>
    jobs.updateRow(
      jobTable,
      jobKey(jobId),
      {
        put: {
          [columns.state]: 'RUNNING',
          [columns.by]: ctx.requestId,
          deadline: stageDeadline(deps.settings, deps.clock.now()),
          updatedAt: deps.clock.now(),
        },
      },
      {
        row: 'EXPECT_EXIST',
        column: { or: [columnAbsent(columns.state), { and: [columnEquals(columns.state, 'RUNNING'), columnEquals(columns.by, ctx.requestId)] }] },
      },
    ),
  );
  if (!claimed) {
    const owner = (await getJob(jobs, jobTable, jobId))?.parts[index];
    log.info('duplicate invocation ignored', { claimedBy: owner?.by, state: owner?.state });
    return { jobId, part, outcome: 'duplicate', reason: `part is ${owner?.state} by ${owner?.by}` };
  }

  const started = deps.clock.now();
  let result: PartResult;
  try {
    result = await renderPart(deps, job, job.plan![index], workDir);
  } catch (err) {
    const changed = await sourceChangedBy(err, deps.source, job.key, job.eTag);
    const kind = changed ? { permanent: true as const, reason: changed } : classifyMediaFailure(err);
    if (!kind.permanent) throw err;
    const failure = { reason: kind.reason, functionName: ctx.function.name, requestId: ctx.requestId, part };
    // Only a job still transcoding: another part's earlier failure stays the recorded cause.
    const marked = await failJobPermanently(deps, jobId, failure, columnEquals('status', 'TRANSCODING'), log);
    log.warn('part cannot be transcoded; job failed without retries', { reason: kind.reason, marked });
    return { jobId, part, outcome: 'failed', reason: kind.reason };
  }
  const row = await jobs.updateRow(
    jobTable,
    jobKey(jobId),
    {
      put: {
        [columns.state]: 'DONE',
        [columns.result]: JSON.stringify(result),
        deadline: stageDeadline(deps.settings, deps.clock.now()),
        updatedAt: deps.clock.now(),
      },
      increment: { partsDone: 1 },
    },
    { row: 'EXPECT_EXIST', column: { and: [columnEquals(columns.state, 'RUNNING'), columnEquals(columns.by, ctx.requestId)] } },
  );
  log.info('part done', { durationMs: deps.clock.now() - started, result });
  job = { ...job, partsDone: Number(row.partsDone), status: String(row.status) as Job['status'] };
  return { jobId, part, outcome: 'transcoded', ...(await finalizeIfComplete(deps, job, ctx, log)) };
}

async function finalizeIfComplete(deps: MediaDeps, job: Job, ctx: FcContext, log: Logger): Promise<{ finalized?: FinalizeResult }> {
  if (job.partsTotal === undefined || job.partsDone < job.partsTotal) return {};
  return { finalized: await finalizeJob(deps, job.jobId, ctx, log) };
}
