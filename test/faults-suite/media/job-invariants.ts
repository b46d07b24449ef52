/**
 * Every job ends DONE or FAILED, and a FAILED job says why: its failureReason, and the raw payload in OSS whenever
 * the failure handler ran (FC handed it a planner's or transcoder's event).
 */
import type { Violation } from '../violations';
import type { Table } from './rows';
import type { MediaWorld } from './world';

const SETTLED = new Set(['DONE', 'FAILED']);

export async function jobViolations(w: MediaWorld, table: Table): Promise<Violation[]> {
  const found: Violation[] = [];
  const report = (invariant: string, detail: unknown) => found.push({ invariant, detail: JSON.stringify(detail) });
  for (const job of table.jobs) if (!SETTLED.has(job.status)) report('every job ends DONE or FAILED', { key: job.key, status: job.status });
  for (const d of w.pipeline.invoker.dropped) report('every job ends DONE or FAILED', { dropped: d.functionName, requestId: d.requestId });
  for (const upload of latestUploads(w)) {
    const job = table.jobs.find((j) => j.key === upload.key && j.eTag === upload.eTag);
    if (!job) report('every job ends DONE or FAILED', { key: upload.key, eTag: upload.eTag, job: 'none' });
  }
  const failed = await w.pipeline.store.list('failed/');
  for (const job of table.jobs.filter((j) => j.status === 'FAILED')) {
    if (!job.failureReason) report('a FAILED job has its failure record', { key: job.key, failureReason: job.raw.failureReason });
    const record = job.raw.failureRecord;
    if (record !== undefined && !failed.includes(String(record))) report('a FAILED job has its failure record', { key: job.key, record });
  }
  for (const requestId of w.destinations) {
    if (!failed.some((k) => k.endsWith(`/${requestId}.json`))) report('a FAILED job has its failure record', { payloadOf: requestId });
  }
  return found;
}

/** The version of each key uploaded last: its event must have made a job (earlier versions may be superseded). */
function latestUploads(w: MediaWorld) {
  const latest = new Map(w.uploads.map((u) => [u.key, u]));
  return [...latest.values()].filter((u) => w.sent.includes(u));
}
