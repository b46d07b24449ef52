/**
 * The package as a user gets it: `npm pack`, install the tarball into a fresh CDK app in a temp
 * folder, create a MediaPipeline, synthesize, assert with the testing helpers, lint. No esbuild,
 * no TypeScript, no ffmpeg builds, none of this repo's sources. The README's imports type-check
 * with the `"module": "commonjs"` tsconfig CDK apps use.
 */
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateSampleVideo } from '../../bin/sample-media';
import { toolPath } from '../../runtime/shared/ffmpeg/locate';

const root = path.resolve(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const npm = (args: string[], cwd: string) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

const APP = `
const ros = require('@alicloud/ros-cdk-core');
const { MediaPipeline, DispatchSystem } = require('fc-solution-constructs');
const { Template } = require('fc-solution-constructs/testing');
const { lintTemplate } = require('fc-solution-constructs/lint');

const app = new ros.App({ outdir: 'cdk.out' });
const stack = new ros.Stack(app, 'ConsumerStack', { synthesizer: new ros.DefaultStackSynthesizer({ qualifier: 'consumer' }) });
// Customized, so the local runs below show these settings and not the library's defaults.
new MediaPipeline(stack, 'Media', {
  cdn: { domain: 'video.example.com' },
  outputPrefix: 'renditions/',
  ladder: [{ name: 'small', height: 180, videoBitrate: 300, audioBitrate: 64 }],
  thumbnails: { count: 2 },
});
const template = Template.fromStack(stack);
template.resourceCountIs('ALIYUN::FC3::Function', 4);
template.hasResourceProperties('ALIYUN::OSS::Bucket', { BlockPublicAccess: true });
// A stack added after the first fromStack is in the next one's assembly.
const api = new ros.Stack(app, 'ConsumerApi', { synthesizer: new ros.DefaultStackSynthesizer({ qualifier: 'consumer' }) });
new DispatchSystem(api, 'Orders', { push: { appKey: '333123456' }, maxBodyBytes: 1024 });
Template.fromStack(api).resourceCountIs('ALIYUN::FC3::Function', 4);
const findings = [...lintTemplate(template), ...lintTemplate(Template.fromStack(api))];
console.log(JSON.stringify({ findings, functions: Object.keys(template.findResources('ALIYUN::FC3::Function')) }));
`;

/** The README's imports, as a TypeScript CDK app (module commonjs, node10 resolution) writes them. */
const TS_APP = `
import * as ros from '@alicloud/ros-cdk-core';
import { MediaPipeline, DispatchSystem, IotIngest, LiveMuxCluster, DISPATCH_TABLES, IOT_TABLES, LIVE_TABLES } from 'fc-solution-constructs';
import type { DispatchSettings, MediaSettings, IotSettings, LiveSettings } from 'fc-solution-constructs';
import { Template, Match } from 'fc-solution-constructs/testing';
import { lintTemplate, formatFindings, suppress } from 'fc-solution-constructs/lint';
import { PatternFunction, PolicyBuilder, SecureBucket } from 'fc-solution-constructs/core';
import * as oss from '@alicloud/ros-cdk-oss';

const app = new ros.App({ stackTraces: false });
const stack = new ros.Stack(app, 'TypedStack');
// What a user already has, passed as the ROS CDK object; the pass-through props; a completion topic.
const uploads = new oss.Bucket(stack, 'Uploads', { bucketName: 'typed-uploads' });
const clips = new MediaPipeline(stack, 'Clips', {
  existingSourceBucket: uploads,
  outputBucketProps: { cors: { corsRule: [{ allowedOrigin: ['*'], allowedMethod: ['GET'] }] }, tags: { tier: 'out' } },
  completion: { topic: { topicName: 'clips-done' } },
  tags: { env: 'prod' },
});
// The building blocks, from /core.
const notifier: PatternFunction | undefined = clips.completionNotifier;
const bucket: SecureBucket | undefined = clips.outputBucket;
const policies: PolicyBuilder | undefined = notifier?.policy;
console.log(notifier?.name, bucket?.bucketName, policies !== undefined);
const media: MediaPipeline = new MediaPipeline(stack, 'Media', { cdn: { domain: 'video.example.com' } });
new DispatchSystem(stack, 'Dispatch', { push: { appKey: '333123456' } });
const iot: IotIngest = new IotIngest(stack, 'Iot', { push: { appKey: '333123456' }, devices: { debounceSeconds: 60 } });
suppress(iot.transitionCheck.function, 'FSC-FC1', 'only here to type-check the IotIngest members');
const rooms = { ingestDomain: 'push.example.com', playDomain: 'live.example.com', mixer: { maxMics: 9 } };
const live: LiveMuxCluster = new LiveMuxCluster(stack, 'Live', rooms);
suppress(live.mixer.function, 'FSC-FC1', 'only here to type-check the LiveMuxCluster members');
// The table definitions and the settings types public properties use are exported from the root.
const tableNames: string[] = [DISPATCH_TABLES, IOT_TABLES, LIVE_TABLES].flatMap((t) => Object.values(t).map((d) => d.name));
const settings: [DispatchSettings, MediaSettings, IotSettings, LiveSettings] = [
  new DispatchSystem(stack, 'Dispatch2', { push: { appKey: '333123456' } }).settings,
  media.settings,
  iot.settings,
  live.settings,
];
console.log(tableNames.length, settings.length);
suppress(media.planner.function, 'FSC-FC1', 'only here to type-check the suppress signature');
const template: Template = Template.fromStack(stack);
template.hasResourceProperties('ALIYUN::OSS::Bucket', { BlockPublicAccess: Match.anyValue() });
console.log(formatFindings(lintTemplate(template.toJSON())));
`;

/**
 * Every assertion and matcher of fc-solution-constructs/testing, as a user's typed test would use them; compiled with
 * tsc (commonjs) and run, so each is both type-checked and seen to hold on a real pattern.
 */
const ASSERTIONS_APP = `
import * as assert from 'node:assert';
import * as ros from '@alicloud/ros-cdk-core';
import { LiveMuxCluster, MediaPipeline } from 'fc-solution-constructs';
import { Annotations, Capture, Match, Template } from 'fc-solution-constructs/testing';
import type { FindResourcesOptions, ResourceJson, TemplateJson } from 'fc-solution-constructs/testing';

const app = new ros.App({ outdir: 'cdk.assertions' });
const stack = new ros.Stack(app, 'AssertStack');
new MediaPipeline(stack, 'Media', { cdn: { domain: 'video.example.com' }, outputPrefix: 'renditions/' });
const template: Template = Template.fromStack(stack);

// The settings the functions deploy with are JSON in an environment variable.
const settings = new Capture();
template.hasResourceProperties('ALIYUN::FC3::Function', { EnvironmentVariables: { MEDIA_SETTINGS: settings } });
assert.strictEqual(JSON.parse(settings.asString()).outputPrefix, 'renditions/');
const runtimes = new Capture(Match.stringLikeRegexp('^(nodejs20|custom\\.debian10)$'));
template.allResourcesProperties('ALIYUN::FC3::Function', { Runtime: runtimes });
const seen: string[] = [];
do seen.push(runtimes.asString()); while (runtimes.next());
assert.deepStrictEqual([...new Set(seen)].sort(), ['custom.debian10', 'nodejs20']);
template.allResourcesProperties('ALIYUN::FC3::Function', {
  EnvironmentVariables: { MEDIA_SETTINGS: Match.serializedJson({ outputPrefix: 'renditions/', packaging: 'hls' }) },
});
template.resourcePropertiesCountIs('ALIYUN::FC3::Function', { Runtime: 'custom.debian10' }, 2);
template.resourcePropertiesCountIs('ALIYUN::FC3::Function', { Runtime: Match.not('custom.debian10') }, 2);
template.hasResourceProperties('ALIYUN::FC3::Function', { Layers: Match.arrayEquals([Match.anyValue()]) });
template.templateMatches({ ROSTemplateFormatVersion: '2015-09-01', Outputs: Match.objectLike({ MediaOutputPrefix: Match.anyValue() }) });
const outputs: Record<string, unknown> = template.findOutputs('*', { Value: 'renditions/' });
assert.deepStrictEqual(Object.keys(outputs), ['MediaOutputPrefix']);
template.hasOutput('MediaOutputPrefix', { Value: 'renditions/' });
const options: FindResourcesOptions = { maskZipFiles: true };
const masked: Record<string, ResourceJson> = template.findResources('ALIYUN::FC3::Function', { Runtime: 'nodejs20' }, options);
assert.strictEqual(Object.keys(masked).length, 2);
assert.ok(!JSON.stringify(masked).includes('"ZipFile":"UEsDB'), 'masked resources hold no zip');
assert.ok(JSON.stringify(template.findResources('ALIYUN::FC3::Function')).includes('"ZipFile":"UEsDB'), 'unmasked by default');
const raw: TemplateJson = template.unmaskedJSON();
assert.ok(JSON.stringify(raw).includes('"ZipFile":"UEsDB'), 'the unmasked template holds the code');
assert.ok(!JSON.stringify(template.toJSON()).includes('"ZipFile":"UEsDB'), 'toJSON masks it');
Annotations.fromStack(stack).hasNoWarning('*', 'OSS asset');
Annotations.fromStack(stack).hasNoError('*', Match.stringLikeRegexp('.'));

// A stack added later: its parameters (the live keys are NoEcho parameters).
const live = new ros.Stack(app, 'AssertLive');
new LiveMuxCluster(live, 'Live', { ingestDomain: 'push.example.com', playDomain: 'live.example.com' });
const liveTemplate = Template.fromStack(live);
liveTemplate.hasParameter('LivePushAuthKey', { Type: 'String', NoEcho: true });
assert.strictEqual(Object.keys(liveTemplate.findParameters('*', { NoEcho: true })).length, 3);
assert.throws(() => liveTemplate.hasParameter('LivePushAuthKey', { NoEcho: false }), /LivePushAuthKey/);
console.log('assertions ok');
`;

const TS_CONFIG = {
  compilerOptions: { target: 'ES2020', module: 'commonjs', strict: true, noEmit: true, skipLibCheck: true, types: [] as string[] },
  include: ['app.ts'],
};

/** The installed bin, running; its stdout and stderr together. */
function startBin(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(path.join(cwd, 'node_modules', '.bin', 'fc-solution-constructs'), args, { cwd, env: { ...process.env, ...env } });
  let text = '';
  const waiters: Array<() => void> = [];
  const take = (chunk: Buffer) => {
    text += chunk.toString();
    waiters.splice(0).forEach((w) => w());
  };
  child.stdout.on('data', take);
  child.stderr.on('data', take);
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const waitFor = async (re: RegExp): Promise<RegExpMatchArray> => {
    for (;;) {
      const m = text.match(re);
      if (m) return m;
      if (child.exitCode !== null) throw new Error(`exited ${child.exitCode} before ${re}:\n${text}`);
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  return { child, exited, waitFor, output: () => text };
}

describe('consumer install', () => {
  let work: string;
  let tarball: string;

  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'fsc-consumer-'));
    // `npm test` built dist/ already; `prepare` would only build it again.
    const packed = JSON.parse(npm(['pack', '--json', '--ignore-scripts', '--pack-destination', work], root));
    tarball = path.join(work, packed[0].filename);
    const appDir = path.join(work, 'app');
    fs.mkdirSync(appDir);
    const cdk = Object.fromEntries(Object.keys(pkg.peerDependencies).map((name) => [name, pkg.devDependencies[name]]));
    fs.writeFileSync(path.join(appDir, 'package.json'), JSON.stringify({ name: 'consumer-app', private: true, dependencies: cdk }));
    fs.writeFileSync(path.join(appDir, 'app.js'), APP);
    fs.writeFileSync(path.join(appDir, 'cdk.json'), JSON.stringify({ app: 'node app.js' }));
    fs.writeFileSync(path.join(appDir, 'app.ts'), TS_APP);
    fs.writeFileSync(path.join(appDir, 'tsconfig.json'), JSON.stringify(TS_CONFIG));
    fs.mkdirSync(path.join(appDir, 'assertions'));
    fs.writeFileSync(path.join(appDir, 'assertions', 'assertions.ts'), ASSERTIONS_APP);
    const typeRoots = [path.join(root, 'node_modules', '@types')];
    const emit = { compilerOptions: { ...TS_CONFIG.compilerOptions, noEmit: false, outDir: 'build', types: ['node'], typeRoots } };
    fs.writeFileSync(path.join(appDir, 'assertions', 'tsconfig.json'), JSON.stringify(emit));
    // A plain install, as a user runs it: whatever it brings is what every user's app carries.
    npm(['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], appDir);
  }, 300000);

  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test('the tarball holds compiled JS, declarations and prebuilt bundles, and no sources', () => {
    const listing = JSON.parse(npm(['pack', '--dry-run', '--json', '--ignore-scripts'], root))[0].files.map((f: { path: string }) => f.path);
    expect(listing).toEqual(
      expect.arrayContaining([
        'dist/constructs/index.js',
        'dist/constructs/index.d.ts',
        'dist/bundles/manifest.json',
        'dist/bundles/media-planner.zip',
        'dist/local/local-cli.js',
        'dist/local/events/oss-object-created.json',
      ]),
    );
    expect(listing.filter((p: string) => p.endsWith('.ts') && !p.endsWith('.d.ts'))).toEqual([]);
    // Of the runtime, only the contracts the constructs render (settings, log fields, manifests) ship as modules.
    const runtime = listing.filter((p: string) => p.startsWith('dist/runtime')).sort();
    const contracts = [
      'dispatch/settings',
      'iot/settings',
      'live/settings',
      'media/settings',
      'shared/function-manifest',
      'shared/log-fields',
      'shared/ots-contract',
      'shared/provided-modules',
    ];
    expect(runtime).toEqual(contracts.flatMap((c) => [`dist/runtime/${c}.d.ts`, `dist/runtime/${c}.js`]));
    expect(listing.filter((p: string) => p.startsWith('dist/bin') || p.startsWith('dist/bench') || p.startsWith('test/'))).toEqual([]);
  });

  test('a fresh app synthesizes a MediaPipeline without esbuild or the repo', () => {
    const appDir = path.join(work, 'app');
    const out = execFileSync('node', ['app.js'], { cwd: appDir, encoding: 'utf8', env: { ...process.env, NODE_PATH: '' } });
    const result = JSON.parse(out.trim().split('\n').pop() as string);
    expect(result.findings).toEqual([]);
    const functions = ['MediaFailureHandlerFunction', 'MediaPlannerFunction', 'MediaReaperFunction', 'MediaTranscoderFunction'];
    expect(result.functions.sort()).toEqual(functions);
    const template = JSON.parse(fs.readFileSync(path.join(appDir, 'cdk.out', 'ConsumerStack.template.json'), 'utf8'));
    expect(template.Resources.MediaPlannerFunction.Properties.Code.ZipFile).toMatch(/^UEsDB/);
    expect(fs.existsSync(path.join(appDir, 'node_modules', 'esbuild'))).toBe(false);
    expect(fs.existsSync(path.join(appDir, 'node_modules', 'typescript'))).toBe(false);
  });

  test("npx fc-solution-constructs lint lints the app's own cdk.out (the bin ships in the tarball), with meaningful exit codes", () => {
    const appDir = path.join(work, 'app');
    const bin = path.join(appDir, 'node_modules', '.bin', 'fc-solution-constructs');
    // The app's synth wrote cdk.out (the test above).
    const out = execFileSync(bin, ['lint', 'cdk.out'], { cwd: appDir, encoding: 'utf8' });
    expect(out).toMatch(/^lint: 2 template\(s\), 0 error\(s\), 0 warning\(s\), \d+ suppressed with a reason/);
    expect(out).toMatch(/suppressed FSC-FC2 Media\w+ in ConsumerStack.template.json: /);
    expect(execFileSync(bin, ['--help'], { cwd: appDir, encoding: 'utf8' })).toContain('lint [dir]');
    expect(() => execFileSync(bin, ['lint', 'no-such-dir'], { cwd: appDir, stdio: 'pipe' })).toThrow(/status 2|Command failed/);
  });

  test('every assertion and matcher, type-checked (tsc, commonjs) and run against a real pattern', () => {
    const appDir = path.join(work, 'app');
    const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    execFileSync('node', [tsc, '-p', path.join('assertions', 'tsconfig.json')], { cwd: appDir, encoding: 'utf8', stdio: 'pipe' });
    const out = execFileSync('node', [path.join('assertions', 'build', 'assertions.js')], { cwd: appDir, encoding: 'utf8', stdio: 'pipe' });
    expect(out.trim().split('\n').pop()).toBe('assertions ok');
  });

  test("npx fc-solution-constructs local dispatch serves the app's own DispatchSystem (its maxBodyBytes) until Ctrl-C", async () => {
    const appDir = path.join(work, 'app');
    const run = startBin(appDir, ['local', 'dispatch', '--port', '0']);
    const url = (await run.waitFor(/serving on (http:\/\/\S+) until Ctrl-C/))[1];
    expect(run.output()).toContain('ConsumerApi/Orders: settings from cdk.out/ConsumerApi.template.json');
    // 1,100 bytes: under the library's default limit (16 KB), over this app's 1,024.
    const big = await fetch(`${url}/sellers`, { method: 'POST', body: JSON.stringify({ pad: 'x'.repeat(1090) }) });
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error: { message: string } }).error.message).toMatch(/the limit is 1024/);
    const missing = await fetch(`${url}/orders/o-1`);
    expect(missing.status).toBe(404);
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    expect(run.output()).toMatch(/stopped\.\nanswers: 404 ×1, 413 ×1\n/);
  });

  test("npx fc-solution-constructs local media runs the app's own ladder and prefix, with ffmpeg from the system", async () => {
    const appDir = path.join(work, 'app');
    const video = await generateSampleVideo(path.join(work, 'clip.mp4'), { width: 640, height: 360 });
    // The system's ffmpeg, as FFMPEG_PATH names it (here: the repo's static build; the app itself has none).
    const env = { FFMPEG_PATH: toolPath('ffmpeg'), FFPROBE_PATH: toolPath('ffprobe') };
    const run = startBin(appDir, ['local', 'media', video, '--construct', 'Media'], env);
    expect(await run.exited).toBe(0);
    const out = run.output();
    expect(out).toMatch(/ladder small, hls, outputs under renditions\//);
    expect(out).toMatch(/planned 2 parts: small, thumbnails/);
    expect(out).toMatch(/part small done in [\d.]+ s \(\d\/2\)/);
    expect(out).toMatch(/^ {2}small {2}320x180 +h264\/aac .* ok$/m);
    expect(out).toContain('thumbnails: 2/2');
    expect(out).toContain('renditions/uploads/clip.mp4/master.m3u8');
    expect(out.trim().split('\n').slice(-2)[0]).toBe('OK');
    expect(fs.existsSync(path.join(appDir, '.fsc-local', 'ConsumerStack_Media-clip.mp4', 'buckets'))).toBe(true);
  });

  test('local media without ffmpeg exits 2 naming what to install; local --help and a wrong pattern are usage', async () => {
    const appDir = path.join(work, 'app');
    // PATH with node only: no ffmpeg there, none in the app, no FFMPEG_PATH.
    const run = startBin(appDir, ['local', 'media', 'app.js'], { PATH: path.dirname(process.execPath), FFMPEG_PATH: '', FFPROBE_PATH: '' });
    expect(await run.exited).toBe(2);
    expect(run.output()).toMatch(/ffmpeg not found\. .*FFMPEG_PATH.*apt-get install ffmpeg.*@ffmpeg-installer\/ffmpeg @ffprobe-installer\/ffprobe/s);
    const help = startBin(appDir, ['local', '--help']);
    expect(await help.exited).toBe(0);
    expect(help.output()).toContain('media <file>');
    const wrong = startBin(appDir, ['local', 'videos']);
    expect(await wrong.exited).toBe(2);
    expect(wrong.output()).toContain('unknown pattern "videos": use media, dispatch, iot, live');
  });

  test('a user app installs no ffmpeg build', () => {
    const installed = fs.readdirSync(path.join(work, 'app', 'node_modules'), { recursive: true, encoding: 'utf8' });
    expect(installed.filter((p) => /ff(mpeg|probe)/i.test(p))).toEqual([]);
  });

  test('the README imports type-check in a commonjs TypeScript app (tsc --noEmit)', () => {
    // The repo's compiler, so the app itself carries no TypeScript; it resolves the package from the app.
    const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const run = () => {
      try {
        return execFileSync('node', [tsc, '-p', 'tsconfig.json'], { cwd: path.join(work, 'app'), encoding: 'utf8', stdio: 'pipe' });
      } catch (e) {
        throw new Error(`tsc failed:\n${(e as { stdout?: string }).stdout ?? ''}`);
      }
    };
    expect(run).not.toThrow();
  });
});
