import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { LocalObjectStore } from '../../../../runtime/shared/local/local-object-store';
import { describeObjectStoreContract } from '../object-store-contract';

const newRoot = () => mkdtempSync(path.join(tmpdir(), 'local-object-store-'));

describeObjectStoreContract('LocalObjectStore', () => new LocalObjectStore(newRoot(), 'media'));

describe('LocalObjectStore specifics', () => {
  it('keeps one folder per bucket, readableUrl is the file path, temp files never appear', async () => {
    const root = newRoot();
    const a = new LocalObjectStore(root, 'a');
    const b = new LocalObjectStore(root, 'b');
    await a.put('x/y.txt', 'in a');
    expect(await b.head('x/y.txt')).toBeUndefined();
    const url = await a.readableUrl('x/y.txt');
    expect(url).toBe(path.join(root, 'a', 'x', 'y.txt'));
    expect(readFileSync(url, 'utf8')).toBe('in a');
    expect(readdirSync(path.join(root, '.tmp'))).toEqual([]);
    expect(await a.list('')).toEqual(['x/y.txt']);
  });

  it('refuses keys that would escape the bucket folder', async () => {
    const store = new LocalObjectStore(newRoot(), 'a');
    await expect(store.put('../b/evil', 'x')).rejects.toThrow(/cannot be stored/);
  });
});
