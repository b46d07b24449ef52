import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { builtinModules } from 'node:module';
import * as path from 'node:path';
import { build, type BuildOptions } from 'esbuild';
import { PATTERN_FUNCTIONS } from '../../runtime/manifests';
import { bundleEntry as entryName, type FunctionRuntime } from '../../runtime/shared/function-manifest';
import { CUSTOM_RUNTIME_MODULES, LOCAL_ONLY_MODULES, NODEJS20_MODULES } from '../../runtime/shared/provided-modules';
import { stableZip } from './zip';

/** What each runtime provides: left as `require` calls instead of being inlined. */
const PROVIDED: Record<FunctionRuntime, string[]> = { nodejs20: NODEJS20_MODULES, ffmpeg: CUSTOM_RUNTIME_MODULES };

export interface EntryPoint {
  /** Bundle name: "<pattern>-<handler>", e.g. "media-planner". */
  name: string;
  /** Source file: runtime/<pattern>/handlers/<handler>.ts */
  source: string;
  runtime: FunctionRuntime;
}

/**
 * One entry per function of every pattern's manifest. The handler files and the manifests must
 * agree both ways: a handler nobody declares, or a declared one without a file, fails the build.
 */
export function findEntries(root: string): EntryPoint[] {
  const entries: EntryPoint[] = [];
  const problems: string[] = [];
  for (const [pattern, manifest] of Object.entries(PATTERN_FUNCTIONS).sort(([a], [b]) => a.localeCompare(b))) {
    const dir = path.join(root, 'runtime', pattern, 'handlers');
    const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')) : [];
    const declared = new Set(Object.values(manifest).map((spec) => `${spec.handler}.ts`));
    for (const file of files)
      if (!declared.has(file)) problems.push(`runtime/${pattern}/handlers/${file} is in no function of the ${pattern} manifest`);
    for (const spec of Object.values(manifest)) {
      const source = path.join(dir, `${spec.handler}.ts`);
      if (!files.includes(`${spec.handler}.ts`))
        problems.push(`the ${pattern} manifest names handler '${spec.handler}' but ${source} does not exist`);
      entries.push({ name: entryName(pattern, spec), source, runtime: spec.runtime });
    }
  }
  if (problems.length > 0) throw new Error(`function manifests and handler files disagree:\n  ${problems.join('\n  ')}`);
  return entries.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * A custom-runtime function's entry: the handler behind FC's HTTP invoke protocol, started only
 * once ffmpeg and ffprobe are found. The handler stays exported, for tests and local runs.
 */
function customRuntimeEntry(root: string, source: string): string {
  const shared = (file: string) => JSON.stringify(path.join(root, 'runtime', 'shared', 'custom-runtime', file));
  return [
    `import { handler } from ${JSON.stringify(source)};`,
    `import { serveEventHandler } from ${shared('server')};`,
    `import { requireMediaTools } from ${shared('require-media-tools')};`,
    'serveEventHandler(handler, { startupCheck: () => requireMediaTools() });',
    'export { handler };',
  ].join('\n');
}

/**
 * One file for Node 20, minified, with everything an npm package could provide left external; returns it with the
 * packages it requires that are neither built into Node nor in `allowed` (the caller fails the build on any).
 */
async function bundleNode(entry: Pick<BuildOptions, 'entryPoints' | 'stdin' | 'keepNames'>, allowed: readonly string[]) {
  const result = await build({
    ...entry,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    treeShaking: true,
    legalComments: 'none',
    charset: 'utf8',
    external: [...new Set([...NODEJS20_MODULES, ...CUSTOM_RUNTIME_MODULES, ...LOCAL_ONLY_MODULES])],
    metafile: true,
    write: false,
    logLevel: 'warning',
  });
  const required = Object.values(result.metafile.inputs).flatMap((input) => input.imports.filter((i) => i.external).map((i) => i.path));
  // `<runtime>` is esbuild's own helper module, not a package.
  const isBuiltin = (m: string) => m === '<runtime>' || m.startsWith('node:') || builtinModules.includes(m);
  const missing = [...new Set(required)].filter((m) => !isBuiltin(m) && !allowed.includes(m));
  return { code: result.outputFiles[0].contents, missing };
}

/** Bundles one entry into a byte-stable zip holding `index.js`. */
export async function bundleEntry(entry: EntryPoint, root: string): Promise<Buffer> {
  const source =
    entry.runtime === 'ffmpeg'
      ? { stdin: { contents: customRuntimeEntry(root, entry.source), resolveDir: root, sourcefile: `${entry.name}.ts`, loader: 'ts' as const } }
      : { entryPoints: [entry.source] };
  // What the function's runtime provides, and ffmpeg's installers, which a function never reaches (the layer is first).
  const { code, missing } = await bundleNode(source, [...PROVIDED[entry.runtime], ...LOCAL_ONLY_MODULES]);
  if (missing.length > 0) {
    throw new Error(`${entry.name} (${entry.runtime}) requires ${missing.join(', ')}, which its runtime does not provide: bundle it or avoid it`);
  }
  // Absolute paths would make the bundle differ per checkout; esbuild only embeds them in comments, which minify drops.
  return stableZip({ 'index.js': Buffer.from(code) });
}

export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * The package CLI's local runs (bin/local/local-cli.ts) as one file for dist/local: the runtime and its local
 * adapters inlined, so a user's app needs no devDependency of this repo. Only ffmpeg's installers stay external
 * (found in the user's app when they chose to add them). Returns the bundle's size in bytes.
 */
export async function bundleLocalCli(root: string, outFile: string): Promise<number> {
  const { code, missing } = await bundleNode({ entryPoints: [path.join(root, 'bin', 'local', 'local-cli.ts')], keepNames: true }, LOCAL_ONLY_MODULES);
  if (missing.length > 0) throw new Error(`the local CLI requires ${missing.join(', ')}, which a user's app does not have: bundle it or avoid it`);
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, code);
  return code.length;
}
