/**
 * Each handler's first invocation against a trivial handler's, as whole processes (issue 11, part 3): a fresh node
 * process requires the bundle's index.js and calls its handler once, with the environment the example app's
 * template gives that function and an event no handler can use. The process ends at the handler's answer or at its
 * first network connection, whichever comes first: what is timed is node's start, loading the bundle, building the
 * cloud clients (which loads the SDKs FC provides) and the handler up to its first call out, not the cloud's answer.
 * The trivial handler is `async () => 'ok'`, called the same way. Wall time from spawn to exit, median of fresh
 * processes, alternately. OSS, FC, CDN, Mobile Push and OOS are clients of our own on node:https (nothing to load);
 * what remains is the tablestore SDK wherever a handler builds its Table Store client.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { locateTool } from '../runtime/shared/ffmpeg/locate';
import { assemblyTemplates } from '../constructs/core/assembly-templates';
import { firstZipEntry } from './bundles';
import { Figure, formatMs, median, removeDir, repeat, repoRoot, runNode, tempDir } from './stats';

export const FIRST_INVOCATION_TARGET = 1.5;

/** The child: require the bundle, call its handler once with a useless event, exit (custom-runtime bundles listen). */
const INVOKE_CHILD =
  "require('node:net').Socket.prototype.connect = () => process.exit(0);" +
  "const { handler } = require(process.argv[1]); const ctx = { requestId: 'bench', region: 'cn-hangzhou', accountId: '1'," +
  " credentials: { accessKeyId: 'AK', accessKeySecret: 'SK', securityToken: 'ST' }, function: { name: 'bench' } };" +
  " handler(Buffer.from('{}'), ctx).then(() => process.exit(0), () => process.exit(0));";

/** Every function of the example app: its code (the bundle zip, base64) → the environment its template renders. */
function functionEnvironments(): Map<string, Record<string, string>> {
  const environments = new Map<string, Record<string, string>>();
  for (const { template } of assemblyTemplates(path.join(repoRoot(), 'cdk.out'))) {
    for (const resource of Object.values(template.Resources ?? {})) {
      if (resource.Type !== 'ALIYUN::FC3::Function' || !resource.Properties) continue;
      const env: Record<string, string> = {};
      for (const [k, v] of Object.entries<unknown>(resource.Properties.EnvironmentVariables ?? {})) {
        // Deploy-time values (Fn::GetAtt): a stand-in, an endpoint for endpoints (the process ends at its first connection).
        env[k] = typeof v === 'string' ? v : /ENDPOINT/.test(k) ? 'https://bench.cn-hangzhou.ots.aliyuncs.com' : 'bench-placeholder';
      }
      environments.set(String(resource.Properties.Code?.ZipFile ?? ''), env);
    }
  }
  return environments;
}

export function benchFirstInvocation(): Figure[] {
  const dir = path.join(repoRoot(), 'dist', 'bundles');
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Record<string, { file: string }>;
  const work = tempDir('first-invocation');
  try {
    const trivial = path.join(work, 'trivial.js');
    fs.writeFileSync(trivial, "exports.handler = async () => 'ok';");
    const base = {
      ...process.env,
      NODE_PATH: path.join(repoRoot(), 'node_modules'),
      FFMPEG_PATH: locateTool('ffmpeg'),
      FFPROBE_PATH: locateTool('ffprobe'),
    };
    const envs = functionEnvironments();
    const wall = (file: string, env: NodeJS.ProcessEnv) => {
      const run = runNode(['-e', INVOKE_CHILD, file], env);
      if (run.status !== 0) throw new Error(`${path.basename(path.dirname(file))}: ${run.stderr.split('\n')[0]}`);
      return run.wallMs;
    };
    const figures: Figure[] = [];
    let port = 19600;
    for (const [name, info] of Object.entries(manifest)) {
      const file = path.join(work, name, 'index.js');
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const zip = fs.readFileSync(path.join(dir, info.file));
      fs.writeFileSync(file, firstZipEntry(zip).data);
      const rendered = envs.get(zip.toString('base64'));
      if (!rendered) {
        figures.push({
          measure: `first invocation ${name}`,
          value: '-',
          target: '-',
          note: 'no function of cdk.out has this bundle (not in the example app, or cdk.out is older than the build: npm run synth)',
        });
        continue;
      }
      // The SDKs from this repo's node_modules (FC's own NODE_PATH, which the template sets for the SDK layer, is not here).
      const env = { ...base, ...rendered, NODE_PATH: base.NODE_PATH, FC_CUSTOM_LISTEN_PORT: String(port++) };
      try {
        const pairs = repeat(5, () => ({ handler: wall(file, env), trivial: wall(trivial, base) }));
        const [ms, trivialMs] = [median(pairs.map((p) => p.handler)), median(pairs.map((p) => p.trivial))];
        const ratio = ms / trivialMs;
        figures.push({
          measure: `first invocation ${name}`,
          value: `${ratio.toFixed(2)}x a trivial handler`,
          target: `≤ ${FIRST_INVOCATION_TARGET}x`,
          met: ratio <= FIRST_INVOCATION_TARGET,
          note: `whole process: ${formatMs(ms)} against ${formatMs(trivialMs)}, median of 5 each`,
        });
      } catch (err) {
        figures.push({ measure: `first invocation ${name}`, value: 'error', target: '-', note: (err as Error).message });
      }
    }
    return figures;
  } finally {
    removeDir(work);
  }
}
