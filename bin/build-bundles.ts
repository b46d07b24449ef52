/** `npm run build` step: bundles every runtime entry into dist/bundles with a manifest. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { bundleEntry, bundleLocalCli, findEntries, sha256 } from './build/bundle';

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..', '..');
  const outDir = path.join(root, 'dist', 'bundles');
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  const manifest: Record<string, { file: string; sha256: string; bytes: number }> = {};
  for (const entry of findEntries(root)) {
    const zip = await bundleEntry(entry, root);
    const file = `${entry.name}.zip`;
    fs.writeFileSync(path.join(outDir, file), zip);
    manifest[entry.name] = { file, sha256: sha256(zip), bytes: zip.length };
    console.log(`bundle ${entry.name.padEnd(24)} ${(zip.length / 1024).toFixed(1).padStart(7)} KB zipped`);
  }
  fs.writeFileSync(path.join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);

  // The package CLI's local runs, with the official event samples they build events from (event-fixtures.ts finds them).
  const localDir = path.join(root, 'dist', 'local');
  fs.rmSync(localDir, { recursive: true, force: true });
  const bytes = await bundleLocalCli(root, path.join(localDir, 'local-cli.js'));
  fs.cpSync(path.join(root, 'test', 'fixtures', 'events'), path.join(localDir, 'events'), { recursive: true });
  console.log(`local CLI ${(bytes / 1024).toFixed(1).padStart(7)} KB`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
