/**
 * The daily CDN prefetch quota (PushObjectCache allows 1,000 URLs a day by default), counted on the job table row
 * `cdn-quota#YYYY-MM-DD`. Each job's grant is recorded on that row in the same conditional write that counts it
 * (`grant_<jobId>`), so a retry of the same job finds its grant instead of counting it again; what a job gives back
 * is recorded the same way (`returned_<jobId>`). A row may hold any number of attribute columns; one write at most
 * 1,024 (https://www.alibabacloud.com/help/en/tablestore/general-limits-of-tablestore).
 */
import type { TableStore } from '../shared/ports';
import { ifCondition, numberAbsent } from '../shared/table-store';
import { jobKey } from './jobs';

/** How often a reservation retries after losing a race for the quota row. */
const QUOTA_ATTEMPTS = 10;

export const quotaRowId = (day: string) => `cdn-quota#${day}`;
const grantColumn = (jobId: string) => `grant_${jobId}`;
const returnedColumn = (jobId: string) => `returned_${jobId}`;

/**
 * Reserves up to `wanted` URLs of the day's quota for one job; returns how many were granted, the same on every
 * retry. The increment only applies while `used <= quota - grant`, so it can never take the count past the quota.
 */
export async function reserveQuota(jobs: TableStore, table: string, day: string, jobId: string, wanted: number, quota: number): Promise<number> {
  const key = jobKey(quotaRowId(day));
  const held = grantColumn(jobId);
  for (let attempt = 0; attempt < QUOTA_ATTEMPTS; attempt++) {
    const row = await jobs.getRow(table, key);
    const earlier = row?.[held];
    if (typeof earlier === 'number') return earlier;
    const used = typeof row?.used === 'number' ? row.used : 0;
    const grant = Math.min(wanted, quota - used);
    if (grant <= 0) return 0;
    const granted = await ifCondition(() =>
      jobs.updateRow(
        table,
        key,
        { increment: { used: grant }, put: { [held]: grant } },
        { row: 'IGNORE', column: { and: [{ column: 'used', op: '<=', value: quota - grant, passIfMissing: true }, numberAbsent(held)] } },
      ),
    );
    if (granted) return grant;
  }
  return 0;
}

/** Returns what a job was granted and did not use; once per job, however often it is retried. */
export async function giveBackQuota(jobs: TableStore, table: string, day: string, jobId: string, unused: number): Promise<void> {
  if (unused <= 0) return;
  const returned = returnedColumn(jobId);
  await ifCondition(() =>
    jobs.updateRow(
      table,
      jobKey(quotaRowId(day)),
      { increment: { used: -unused }, put: { [returned]: unused } },
      { row: 'EXPECT_EXIST', column: numberAbsent(returned) },
    ),
  );
}
