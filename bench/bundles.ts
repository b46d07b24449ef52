/**
 * Each prebuilt bundle in dist/bundles: its zip size, and the cold `require()` time of its index.js
 * in a fresh node process, measured inside that process so node's own startup does not count.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { crc32, inflateRawSync } from 'node:zlib';
import { NODEJS20_MODULES as FC_PROVIDED_MODULES } from '../runtime/shared/provided-modules';
import { PATTERN_FUNCTIONS } from '../runtime/manifests';
import { locateTool } from '../runtime/shared/ffmpeg/locate';
import { bundleEntry } from '../runtime/shared/function-manifest';
import { Figure, formatMs, lastJsonLine, median, removeDir, repeat, repoRoot, RUNS, runNode, tail, tempDir } from './stats';

export const MEDIA_ZIP_TARGET_KB = 50;
export const MEDIA_REQUIRE_TARGET_MS = 20;

/** The child: `node -e REQUIRE_CHILD <file>` prints `{"ms": <require time>}`. */
const REQUIRE_CHILD =
  'const t = process.hrtime.bigint(); require(process.argv[1]); ' +
  'console.log(JSON.stringify({ ms: Number(process.hrtime.bigint() - t) / 1e6 }));';

const LOCAL_HEADER_SIGNATURE = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;
const HAS_DATA_DESCRIPTOR = 0x0008;

/** The first entry of a zip, from the local header at offset 0 (what bin/build/zip.ts writes). */
export function firstZipEntry(zip: Buffer): { name: string; data: Buffer } {
  if (zip.length < 30 || zip.readUInt32LE(0) !== LOCAL_HEADER_SIGNATURE) throw new Error('not a zip: no complete local file header at offset 0');
  const flags = zip.readUInt16LE(6);
  const method = zip.readUInt16LE(8);
  const crc = zip.readUInt32LE(14);
  const compressedSize = zip.readUInt32LE(18);
  const size = zip.readUInt32LE(22);
  const nameLength = zip.readUInt16LE(26);
  const extraLength = zip.readUInt16LE(28);
  if (flags & HAS_DATA_DESCRIPTOR) throw new Error('sizes are in a data descriptor; only zips with sizes in the local header are read');
  const name = zip.subarray(30, 30 + nameLength).toString('utf8');
  const start = 30 + nameLength + extraLength;
  const raw = zip.subarray(start, start + compressedSize);
  if (raw.length !== compressedSize) throw new Error(`${name}: truncated (${raw.length} of ${compressedSize} bytes)`);
  let data: Buffer;
  if (method === DEFLATED) data = inflateRawSync(raw);
  else if (method === STORED) data = Buffer.from(raw);
  else throw new Error(`${name}: compression method ${method} is neither stored nor deflate`);
  if (data.length !== size || crc32(data) !== crc) throw new Error(`${name}: size or CRC-32 does not match the header`);
  return { name, data };
}

interface BundleInfo {
  file: string;
  bytes: number;
}

export function benchBundles(): Figure[] {
  const dir = path.join(repoRoot(), 'dist', 'bundles');
  const manifestFile = path.join(dir, 'manifest.json');
  if (!fs.existsSync(manifestFile)) return [{ measure: 'bundles', value: 'none', target: '-', note: `no ${manifestFile}: run npm run build` }];
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Record<string, BundleInfo>;
  const work = tempDir('bundles');
  try {
    return Object.entries(manifest).flatMap(([name, info]) => benchBundle(name, path.join(dir, info.file), work));
  } finally {
    removeDir(work);
  }
}

function benchBundle(name: string, zipFile: string, work: string): Figure[] {
  // Media's targets (issue 5) are also the new patterns' (issue 8: IotIngest's bundles are held to the same).
  const targeted = name.startsWith('media-') || name.startsWith('iot-');
  const zip = fs.readFileSync(zipFile);
  const kb = zip.length / 1024;
  const sizeFigure: Figure = {
    measure: `bundle ${name}: zip size`,
    value: `${kb.toFixed(1)} KB`,
    target: targeted ? `< ${MEDIA_ZIP_TARGET_KB} KB` : '-',
    ...(targeted ? { met: kb < MEDIA_ZIP_TARGET_KB } : {}),
  };
  const customRuntime = CUSTOM_RUNTIME_ENTRIES.has(name);
  const requireMeasure = customRuntime ? `bundle ${name}: cold start to listening, over an empty server` : `bundle ${name}: cold require`;
  const requireTarget = targeted ? `< ${formatMs(MEDIA_REQUIRE_TARGET_MS)}` : '-';
  try {
    const entry = firstZipEntry(zip);
    sizeFigure.note = `${entry.name} ${(entry.data.length / 1024).toFixed(1)} KB unzipped`;
    if (entry.name !== 'index.js') throw new Error(`first entry is ${entry.name}, not index.js`);
    const file = path.join(work, name, 'index.js');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, entry.data);
    if (customRuntime) return [sizeFigure, { ...timeListening(file, work), measure: requireMeasure, target: requireTarget }];
    const { times, eager } = timeRequire(file);
    const ms = median(times);
    return [
      sizeFigure,
      {
        measure: requireMeasure,
        value: formatMs(ms),
        target: requireTarget,
        ...(targeted ? { met: ms < MEDIA_REQUIRE_TARGET_MS } : {}),
        note:
          `median of ${RUNS} fresh processes` +
          (eager.length ? `; requires ${eager.join(', ')} at load (not lazily): resolved via NODE_PATH, load time included` : ''),
      },
    ];
  } catch (err) {
    return [sizeFigure, { measure: requireMeasure, value: 'error', target: requireTarget, note: (err as Error).message }];
  }
}

/** Bundles that run on the custom runtime: index.js is a server FC starts, not a module it requires. */
const CUSTOM_RUNTIME_ENTRIES = new Set(
  Object.entries(PATTERN_FUNCTIONS).flatMap(([pattern, manifest]) =>
    Object.values(manifest)
      .filter((spec) => spec.runtime === 'ffmpeg')
      .map((spec) => bundleEntry(pattern, spec)),
  ),
);

/**
 * Preloaded into the function's own process (`node -r`): prints `{"ms"}`, the time from the end of
 * node's own start (this preload runs first) to the server listening, and exits. Node's start
 * varies by tens of milliseconds from one process to the next here, more than what is measured.
 */
const LISTEN_PRELOAD =
  "const { performance } = require('node:perf_hooks'); const net = require('node:net'); const t0 = performance.now();" +
  'const listen = net.Server.prototype.listen;' +
  'net.Server.prototype.listen = function (...args) {' +
  "  this.once('listening', () => { process.stdout.write('\\n' + JSON.stringify({ ms: performance.now() - t0 }) + '\\n'); process.exit(0); });" +
  '  return listen.apply(this, args); };';

/** A server that does nothing: what a listening socket costs on its own. */
const EMPTY_SERVER = "require('node:http').createServer(() => undefined).listen(Number(process.env.FC_CUSTOM_LISTEN_PORT), '0.0.0.0');";

/**
 * A custom-runtime function's cold start as FC waits for it: from the end of node's start until its
 * server listens (bundle load, the ffmpeg/ffprobe check, listen), minus an empty server's, in
 * fresh processes, alternately.
 */
function timeListening(file: string, work: string): Pick<Figure, 'value' | 'met' | 'note'> {
  const empty = path.join(work, 'empty-server.js');
  const preload = path.join(work, 'listen-preload.js');
  fs.writeFileSync(empty, EMPTY_SERVER);
  fs.writeFileSync(preload, LISTEN_PRELOAD);
  const env = { ...process.env, NODE_PATH: '', FFMPEG_PATH: locateTool('ffmpeg'), FFPROBE_PATH: locateTool('ffprobe') };
  const listen = (target: string, i: number) =>
    lastJsonLine<{ ms: number }>(runNode(['-r', preload, target], { ...env, FC_CUSTOM_LISTEN_PORT: String(19500 + i) })).ms;
  const pairs = repeat(RUNS, (i) => ({ bundle: listen(file, 2 * i), empty: listen(empty, 2 * i + 1) }));
  const ms = median(pairs.map((p) => p.bundle)) - median(pairs.map((p) => p.empty));
  return {
    value: formatMs(ms),
    met: ms < MEDIA_REQUIRE_TARGET_MS,
    note:
      `median of ${RUNS} fresh processes each, after node's own start: ${formatMs(median(pairs.map((p) => p.bundle)))} to listening, ` +
      `an empty server ${formatMs(median(pairs.map((p) => p.empty)))}`,
  };
}

/**
 * Times require() in fresh processes. The FC-provided modules are not in the bundle and not next to
 * the temp file: a handler that requires them at load fails, so it is run again with the repo's
 * node_modules on NODE_PATH, and the report names those modules.
 */
function timeRequire(file: string): { times: number[]; eager: string[] } {
  const eager: string[] = [];
  let env: NodeJS.ProcessEnv = { ...process.env, NODE_PATH: '' };
  const probe = runNode(['-e', REQUIRE_CHILD, file], env);
  if (probe.status !== 0) {
    const missing = [...probe.stderr.matchAll(/Cannot find module '([^']+)'/g)].map((m) => m[1]);
    if (!missing.some((m) => FC_PROVIDED_MODULES.includes(m))) throw new Error(`require failed: ${tail(probe.stderr)}`);
    env = { ...process.env, NODE_PATH: path.join(repoRoot(), 'node_modules') };
    const withPath = runNode(['-e', REQUIRE_CHILD, file], env);
    if (withPath.status !== 0) throw new Error(`require failed even with NODE_PATH: ${tail(withPath.stderr)}`);
    eager.push(...FC_PROVIDED_MODULES.filter((m) => loadsModule(file, m, env)));
  }
  const times = repeat(RUNS, () => lastJsonLine<{ ms: number }>(runNode(['-e', REQUIRE_CHILD, file], env)).ms);
  return { times, eager };
}

/** Whether requiring `file` loads `moduleName` (checked in a separate process, not timed). */
function loadsModule(file: string, moduleName: string, env: NodeJS.ProcessEnv): boolean {
  const script =
    `require(process.argv[1]); let hit = false; try { hit = !!require.cache[require.resolve(process.argv[2])]; } catch {} ` +
    'console.log(JSON.stringify({ hit }));';
  return lastJsonLine<{ hit: boolean }>(runNode(['-e', script, file, moduleName], env)).hit;
}
