import { LocalCdn } from '../../../../runtime/shared/local/local-cdn';

describe('LocalCdn', () => {
  it('records prefetches and enforces the 100-path limit', async () => {
    const cdn = new LocalCdn();
    const paths = Array.from({ length: 100 }, (_, i) => `cdn.example.com/v/${i}.ts`);
    expect(await cdn.prefetch(paths)).toBe('1');
    await expect(cdn.prefetch([...paths, 'cdn.example.com/x'])).rejects.toThrow(/at most 100/);
    await expect(cdn.prefetch(['https://cdn.example.com/a'])).rejects.toThrow(/without scheme/);
    await expect(cdn.prefetch([])).rejects.toThrow();
    expect(cdn.prefetches).toEqual([{ taskId: '1', objectPaths: paths }]);
  });
});
