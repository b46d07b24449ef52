/**
 * The CDN prefetch: no URL is prefetched twice by one job (a re-upload's published version warms its key's master
 * again, and only that once), and the day's quota counts each prefetched URL once. A job's spend
 * on the quota row (grant_<jobId> − returned_<jobId>) is what its row says it prefetched plus its unconfirmed
 * batches, and `used` is the sum of the spends. The one documented window (cdn-prefetch.ts): a batch marked SENDING
 * by an attempt that died may or may not have gone out; it is not sent again and its quota stays spent, so for such a
 * job the URLs really prefetched may be fewer than its spend, never more. A DONE job's prefetch is recorded.
 */
import { objectPath } from '../../../runtime/media/cdn-prefetch';
import { outputKeyPrefix } from '../../../runtime/media/settings';
import type { Violation } from '../violations';
import type { Table } from './rows';
import type { MediaWorld } from './world';

const TWICE = 'no URL is prefetched twice by one job';
const QUOTA = 'the CDN quota counts each prefetched URL once';
const num = (v: unknown) => (typeof v === 'number' ? v : 0);

export function cdnViolations(w: MediaWorld, table: Table): Violation[] {
  const found: Violation[] = [];
  const report = (invariant: string, detail: unknown) => found.push({ invariant, detail: JSON.stringify(detail) });
  const cdn = w.pipeline.deps.settings.cdn;
  if (!cdn) return found;
  const sent = w.pipeline.cdn.prefetches.flatMap((p) => p.objectPaths);
  const counts = new Map<string, number>();
  for (const p of sent) counts.set(p, (counts.get(p) ?? 0) + 1);
  // At most once per job of its key that prefetched (each job's URLs are its own but for master, playlists, thumbnails).
  const prefetchingJobs = (url: string) =>
    table.jobs.filter(
      (j) => num(table.quota?.[`grant_${j.jobId}`]) > 0 && url.startsWith(objectPath(cdn.domain, outputKeyPrefix(w.pipeline.deps.settings, j.key))),
    ).length;
  for (const [url, n] of counts) if (n > Math.max(1, prefetchingJobs(url))) report(TWICE, { url, prefetches: n });
  let spent = 0;
  // Jobs of one key (a re-upload) share the output prefix: their URLs are compared with their spends together.
  const byKey = new Map<string, { spend: number; unconfirmed: number }>();
  for (const job of table.jobs) {
    const grant = num(table.quota?.[`grant_${job.jobId}`]);
    const spend = grant - num(table.quota?.[`returned_${job.jobId}`]);
    spent += spend;
    const confirmed = num(job.raw.cdnPrefetched);
    const unconfirmed = num(job.raw.cdnUnconfirmed);
    const detail = { key: job.key, status: job.status, grant, spend, confirmed, unconfirmed, cdnStatus: job.raw.cdnStatus };
    if (grant > 0 && spend !== confirmed + unconfirmed) report(QUOTA, { ...detail, why: 'spend is not prefetched + unconfirmed' });
    if (job.status === 'DONE' && job.raw.cdnStatus === undefined) report(QUOTA, { ...detail, why: 'a DONE job’s prefetch is not recorded' });
    const sum = byKey.get(job.key) ?? { spend: 0, unconfirmed: 0 };
    byKey.set(job.key, { spend: sum.spend + spend, unconfirmed: sum.unconfirmed + unconfirmed });
  }
  for (const [key, { spend, unconfirmed }] of byKey) {
    const host = objectPath(cdn.domain, outputKeyPrefix(w.pipeline.deps.settings, key));
    const real = sent.filter((p) => p.startsWith(host)).length;
    if (real > spend || real < spend - unconfirmed) report(QUOTA, { key, real, spend, unconfirmed, why: 'URLs prefetched differ from the spend' });
  }
  if (num(table.quota?.used) !== spent) report(QUOTA, { used: table.quota?.used, spent });
  return found;
}
