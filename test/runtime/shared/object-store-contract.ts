/** The ObjectStore port's contract, for every adapter that can reach a bucket. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { NotFoundError, PreconditionFailedError, type ObjectStore } from '../../../runtime/shared/ports';

export function describeObjectStoreContract(name: string, makeStore: () => ObjectStore | Promise<ObjectStore>): void {
  describe(`${name} honours the ObjectStore contract`, () => {
    let store: ObjectStore;
    let scratch: string;
    beforeEach(async () => {
      store = await makeStore();
      scratch = mkdtempSync(path.join(tmpdir(), 'object-store-contract-'));
    });

    it('put → head/get round-trips with an OSS-style ETag', async () => {
      await store.put('a/hello.txt', 'hello world', { contentType: 'text/plain' });
      expect(await store.get('a/hello.txt')).toEqual(Buffer.from('hello world'));
      expect(await store.head('a/hello.txt')).toEqual({
        key: 'a/hello.txt',
        size: 11,
        etag: '"5EB63BBBE01EEED093CB22BB8F5ACDC3"',
        contentType: 'text/plain',
      });
    });

    it('absent objects: head → undefined, get/download → NotFoundError', async () => {
      expect(await store.head('nope')).toBeUndefined();
      await expect(store.get('nope')).rejects.toBeInstanceOf(NotFoundError);
      await expect(store.download('nope', path.join(scratch, 'x'))).rejects.toBeInstanceOf(NotFoundError);
    });

    it('upload and download move whole files', async () => {
      const src = path.join(scratch, 'src.bin');
      writeFileSync(src, Buffer.from([0, 1, 2, 255]));
      await store.upload('bin/file.bin', src);
      const dst = path.join(scratch, 'deep', 'dst.bin');
      await store.download('bin/file.bin', dst);
      expect(readFileSync(dst)).toEqual(Buffer.from([0, 1, 2, 255]));
    });

    it('lists keys under a prefix in byte order', async () => {
      for (const key of ['p/b', 'p/a/2', 'p/a/1', 'q/x', 'p/B', 'p/é']) await store.put(key, key);
      expect(await store.list('p/')).toEqual(['p/B', 'p/a/1', 'p/a/2', 'p/b', 'p/é']);
      expect(await store.list('p/a')).toEqual(['p/a/1', 'p/a/2']);
      expect(await store.list('none/')).toEqual([]);
    });

    it('delete removes the object and nothing beside it; deleting an absent one succeeds', async () => {
      await store.put('d/a.ts', 'a', { contentType: 'video/mp2t' });
      await store.put('d/ab.ts', 'ab');
      await store.delete('d/a.ts');
      expect(await store.head('d/a.ts')).toBeUndefined();
      expect(await store.list('d/')).toEqual(['d/ab.ts']);
      await store.delete('d/a.ts');
      await store.delete('never/was.ts');
      await store.put('d/a.ts', 'again');
      expect(await store.head('d/a.ts')).toEqual({ key: 'd/a.ts', size: 5, etag: expect.any(String) });
    });

    it('overwrites replace content', async () => {
      await store.put('k', 'one');
      await store.put('k', Buffer.from('two'));
      expect((await store.get('k')).toString()).toBe('two');
    });

    it('readableUrl names the object', async () => {
      await store.put('v/movie.mp4', 'x');
      expect(await store.readableUrl('v/movie.mp4')).toContain('movie.mp4');
    });

    it('readableVersion hands out the version asked for (ETag quoted or not) and refuses another', async () => {
      await store.put('v/movie.mp4', 'one');
      const eTag = (await store.head('v/movie.mp4'))!.etag;
      expect((await store.readableVersion('v/movie.mp4', eTag.replace(/"/g, ''))).url).toContain('movie.mp4');
      await store.put('v/movie.mp4', 'two');
      await expect(store.readableVersion('v/movie.mp4', eTag)).rejects.toBeInstanceOf(PreconditionFailedError);
      await expect(store.readableVersion('v/absent.mp4', eTag)).rejects.toBeInstanceOf(NotFoundError);
    });
  });
}
