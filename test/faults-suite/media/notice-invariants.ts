/**
 * Completion notices (completion.ts): every job that ended is told to the destination at least once, with the notice
 * of its end (eventId `<jobId>:<status>`), and nothing else is told; once settled, no notice is left PENDING.
 */
import { renditionResults } from '../../../runtime/media/jobs';
import type { Violation } from '../violations';
import type { Table } from './rows';
import type { MediaWorld } from './world';

const TOLD = 'every job that ended is told at least once, as it ended';

export function noticeViolations(w: MediaWorld, table: Table): Violation[] {
  if (!w.pipeline.deps.settings.notifyCompletion) return [];
  const found: Violation[] = [];
  const report = (invariant: string, detail: unknown) => found.push({ invariant, detail: JSON.stringify(detail) });
  const told = new Set(w.completions.map((n) => n.eventId));
  for (const job of table.jobs.filter((j) => j.status === 'DONE' || j.status === 'FAILED')) {
    const eventId = `${job.jobId}:${job.status}`;
    if (!told.has(eventId)) report(TOLD, { key: job.key, eventId, notice: job.raw.notice, told: [...told] });
    if (job.raw.notice !== 'SENT') report(TOLD, { key: job.key, eventId, notice: job.raw.notice, why: 'notice not SENT once settled' });
  }
  for (const notice of w.completions) {
    const job = table.jobs.find((j) => j.jobId === notice.jobId);
    const expected = job?.status === 'DONE' ? 'media.job.done' : 'media.job.failed';
    if (!job || notice.eventId !== `${job.jobId}:${job.status}` || notice.type !== expected) {
      report(TOLD, { notice: notice.eventId, type: notice.type, job: job?.status ?? 'none', why: 'told something else' });
    }
    const renditions = job ? renditionResults(job).length : undefined;
    if (job?.status === 'DONE' && notice.manifest?.renditions.length !== renditions) {
      report(TOLD, { notice: notice.eventId, renditions: notice.manifest?.renditions.length, why: 'a DONE notice without its manifest' });
    }
  }
  return found;
}
