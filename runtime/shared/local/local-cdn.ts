/** Records CDN prefetches instead of sending them; enforces the API's limits. */
import type { Cdn } from '../ports';
import { checkPrefetchPaths } from '../cdn-prefetch-paths';

export class LocalCdn implements Cdn {
  readonly prefetches: Array<{ taskId: string; objectPaths: string[] }> = [];

  async prefetch(objectPaths: string[]): Promise<string> {
    checkPrefetchPaths(objectPaths);
    const taskId = String(this.prefetches.length + 1);
    this.prefetches.push({ taskId, objectPaths: [...objectPaths] });
    return taskId;
  }
}
