/** The job table as the invariants read it: job rows and the day's quota row apart. */
import { quotaRowId } from '../../../runtime/media/cdn-quota';
import { readJob, type Job } from '../../../runtime/media/jobs';
import { MAX, MIN, type Attributes } from '../../../runtime/shared/ports';
import { T0, type MediaWorld } from './world';

export interface Table {
  jobs: Job[];
  quota?: Attributes;
}

export async function readTable(w: MediaWorld): Promise<Table> {
  const { jobs, jobTable } = w.pipeline.deps;
  const range = await jobs.getRange(jobTable, [['jobId', MIN]], [['jobId', MAX]]);
  const quotaId = quotaRowId(new Date(T0).toISOString().slice(0, 10));
  const quota = range.rows.find((r) => r.key[0][1] === quotaId)?.attributes;
  const rows = range.rows.filter((r) => !String(r.key[0][1]).startsWith('cdn-quota#'));
  return { jobs: rows.map((r) => readJob(String(r.key[0][1]), r.attributes)), ...(quota ? { quota } : {}) };
}
