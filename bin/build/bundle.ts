import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { build } from 'esbuild';
import { stableZip } from './zip';

/**
 * Modules the Function Compute nodejs20 runtime already provides (FC docs, built-in modules), plus
 * the local-only ffmpeg installers: they stay `require` calls in the bundle instead of being inlined.
 */
export const FC_PROVIDED_MODULES = [
  'ali-oss',
  'tablestore',
  '@alicloud/pop-core',
  '@alicloud/fc2',
  'aliyun-sdk',
  'ali-mns',
  'co',
  'gm',
  'body',
  'raw-body',
];
const LOCAL_ONLY_MODULES = ['@ffmpeg-installer/ffmpeg', '@ffprobe-installer/ffprobe'];

export interface EntryPoint {
  /** Bundle name: "<pattern>-<handler>", e.g. "media-planner". */
  name: string;
  /** Source file: runtime/<pattern>/handlers/<handler>.ts */
  source: string;
}

/** Every handler entry: one file per function under runtime/<pattern>/handlers/. */
export function findEntries(root: string): EntryPoint[] {
  const runtime = path.join(root, 'runtime');
  const entries: EntryPoint[] = [];
  for (const pattern of fs.readdirSync(runtime).sort()) {
    const handlers = path.join(runtime, pattern, 'handlers');
    if (!fs.existsSync(handlers)) continue;
    for (const file of fs.readdirSync(handlers).sort()) {
      if (!file.endsWith('.ts') || file.endsWith('.d.ts')) continue;
      entries.push({ name: `${pattern}-${path.basename(file, '.ts')}`, source: path.join(handlers, file) });
    }
  }
  return entries;
}

/** Bundles one entry into a byte-stable zip holding `index.js` (handler `index.handler`). */
export async function bundleEntry(entry: EntryPoint): Promise<Buffer> {
  const result = await build({
    entryPoints: [entry.source],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    treeShaking: true,
    legalComments: 'none',
    charset: 'utf8',
    external: [...FC_PROVIDED_MODULES, ...LOCAL_ONLY_MODULES],
    write: false,
    logLevel: 'warning',
  });
  const code = result.outputFiles[0].contents;
  return stableZip({ 'index.js': Buffer.from(code) });
}

export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
