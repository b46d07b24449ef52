/**
 * The package as a user gets it: `npm pack`, install the tarball into a fresh CDK app in a temp
 * folder, create a MediaPipeline, synthesize, assert with the testing helpers, lint. No esbuild,
 * no TypeScript, no ffmpeg builds, none of this repo's sources. The README's imports type-check
 * with the `"module": "commonjs"` tsconfig CDK apps use.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const npm = (args: string[], cwd: string) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

const APP = `
const ros = require('@alicloud/ros-cdk-core');
const { MediaPipeline } = require('fc-solution-constructs');
const { Template } = require('fc-solution-constructs/testing');
const { lintTemplate } = require('fc-solution-constructs/lint');

const app = new ros.App({ outdir: 'cdk.out' });
const stack = new ros.Stack(app, 'ConsumerStack', { synthesizer: new ros.DefaultStackSynthesizer({ qualifier: 'consumer' }) });
new MediaPipeline(stack, 'Media', { cdn: { domain: 'video.example.com' } });
const template = Template.fromStack(stack);
template.resourceCountIs('ALIYUN::FC3::Function', 4);
template.hasResourceProperties('ALIYUN::OSS::Bucket', { BlockPublicAccess: true });
const findings = lintTemplate(template.toJSON());
console.log(JSON.stringify({ findings, functions: Object.keys(template.findResources('ALIYUN::FC3::Function')) }));
`;

/** The README's imports, as a TypeScript CDK app (module commonjs, node10 resolution) writes them. */
const TS_APP = `
import * as ros from '@alicloud/ros-cdk-core';
import { MediaPipeline, DispatchSystem, IotIngest, LiveMuxCluster, DISPATCH_TABLES, IOT_TABLES, LIVE_TABLES } from 'fc-solution-constructs';
import type { DispatchSettings, MediaSettings, IotSettings, LiveSettings } from 'fc-solution-constructs';
import { Template, Match } from 'fc-solution-constructs/testing';
import { lintTemplate, formatFindings, suppress } from 'fc-solution-constructs/lint';

const app = new ros.App({ stackTraces: false });
const stack = new ros.Stack(app, 'TypedStack');
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

const TS_CONFIG = { compilerOptions: { target: 'ES2020', module: 'commonjs', strict: true, noEmit: true, skipLibCheck: true, types: [] } };

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
    expect(out).toMatch(/^lint: 1 template\(s\), 0 error\(s\), 0 warning\(s\), \d+ suppressed with a reason/);
    expect(out).toMatch(/suppressed FSC-FC2 Media\w+ in ConsumerStack.template.json: /);
    expect(execFileSync(bin, ['--help'], { cwd: appDir, encoding: 'utf8' })).toContain('lint [dir]');
    expect(() => execFileSync(bin, ['lint', 'no-such-dir'], { cwd: appDir, stdio: 'pipe' })).toThrow(/status 2|Command failed/);
  });

  test('a user app installs no ffmpeg build', () => {
    const installed = fs.readdirSync(path.join(work, 'app', 'node_modules'), { recursive: true, encoding: 'utf8' });
    expect(installed.filter((p) => /ff(mpeg|probe)/i.test(p))).toEqual([]);
  });

  test('the README imports type-check in a commonjs TypeScript app (tsc --noEmit)', () => {
    // The repo's compiler, so the app itself carries no TypeScript; it resolves the package from the app.
    const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const run = () => execFileSync('node', [tsc, '-p', 'tsconfig.json'], { cwd: path.join(work, 'app'), encoding: 'utf8', stdio: 'pipe' });
    expect(run).not.toThrow();
  });
});
