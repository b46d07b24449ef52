/** PushObjectCache accepts at most 100 URLs per request, each `domain/path` without a scheme. */
export const PREFETCH_PATH_LIMIT = 100;

export function checkPrefetchPaths(objectPaths: string[]): void {
  if (objectPaths.length === 0) throw new Error('prefetch needs at least one object path');
  if (objectPaths.length > PREFETCH_PATH_LIMIT) {
    throw new Error(`prefetch accepts at most ${PREFETCH_PATH_LIMIT} object paths per call, got ${objectPaths.length}`);
  }
  for (const p of objectPaths) {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(p) || /[\r\n]/.test(p) || p === '') {
      throw new Error(`prefetch object path must be domain/path without scheme or newline, got ${JSON.stringify(p)}`);
    }
  }
}
