/**
 * The project's CLI: `synth`, `lint`, `media <file>`, `dispatch`, `iot`, `live` and `start` (all of them).
 * Local runs use the settings the example app deploys, read from its constructs, so what runs on
 * the laptop is what runs in Function Compute.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DispatchStack } from '../lib/dispatch-stack';
import { IotStack } from '../lib/iot-stack';
import { MediaStack } from '../lib/media-stack';
import { formatCityReport } from '../runtime/dispatch/local/city/format-city-report';
import { buildApp } from '../lib/app';
import { runDispatchLocally } from './dispatch-local';
import { formatIotReport, iotRunProblems, runIot } from './iot-local';
import { formatLiveReport, liveRunOk, runLive } from './live-local';
import { formatLintReport, lintAssembly } from '../constructs/core/lint/assembly';
import { formatMediaReport, freshMediaWorkDir, runMediaLocally } from './media-local';
import { generateSampleVideo } from './sample-media';
import { formatSynthSummary } from './summary';
import { synthExampleApp } from '../lib/synth';

const OUTDIR = 'cdk.out';
const LOCAL_DIR = '.local';

function synth(): void {
  const { stacks, ms } = synthExampleApp(OUTDIR);
  console.log(formatSynthSummary(stacks, ms, OUTDIR));
}

function lint(): boolean {
  const report = lintAssembly(OUTDIR);
  console.log(formatLintReport(report));
  return !report.findings.some((f) => f.severity === 'error');
}

/** The example app's stacks, constructed (not synthesized) to read the settings they resolve. */
function exampleStacks(): { media: MediaStack; dispatch: DispatchStack; iot: IotStack } {
  const app = buildApp();
  return {
    media: app.node.findChild('MediaStack') as MediaStack,
    dispatch: app.node.findChild('DispatchStack') as DispatchStack,
    iot: app.node.findChild('IotStack') as IotStack,
  };
}

async function media(file: string | undefined): Promise<boolean> {
  if (!file) throw new Error('usage: npm run media -- <video file>');
  fs.mkdirSync(LOCAL_DIR, { recursive: true });
  const workDir = freshMediaWorkDir(LOCAL_DIR, 'media', file);
  console.log(`running the media pipeline locally on ${file} (buckets, table and invocations under ${workDir})`);
  const report = await runMediaLocally({ file, workDir, settings: exampleStacks().media.media.settings });
  console.log(formatMediaReport(report));
  return report.ok;
}

async function dispatch(): Promise<boolean> {
  console.log('running the dispatch system locally: a loopback HTTP server speaking API Gateway events, driven by a simulated city');
  const report = await runDispatchLocally({ settings: exampleStacks().dispatch.dispatch.settings, seed: 42 });
  console.log(formatCityReport(report));
  return report.doubleAssignments === 0 && report.delivered > 0;
}

async function iot(): Promise<boolean> {
  console.log('running IotIngest locally: the content API on a loopback API Gateway, devices on a loopback MQTT broker');
  const report = await runIot(exampleStacks().iot.iot.settings);
  console.log(formatIotReport(report));
  const problems = iotRunProblems(report);
  for (const problem of problems) console.error(`IotIngest: ${problem}`);
  return problems.length === 0;
}

async function live(): Promise<boolean> {
  console.log('running LiveMuxCluster locally: an RTMP origin, stamped mics, the room API, the mixer and a viewer of the mix');
  const report = await runLive();
  console.log(formatLiveReport(report));
  return liveRunOk(report);
}

async function start(): Promise<boolean> {
  synth();
  const clean = lint();
  fs.mkdirSync(LOCAL_DIR, { recursive: true });
  // 720p, so the default ladder's 720p, 540p, 360p and 234p rungs all show.
  const sample = await generateSampleVideo(path.join(LOCAL_DIR, 'sample.mp4'), { width: 1280, height: 720 });
  console.log(`generated ${sample} with ffmpeg`);
  const mediaOk = await media(sample);
  const dispatchOk = await dispatch();
  const iotOk = await iot();
  const liveOk = await live();
  const failed = Object.entries({ lint: clean, media: mediaOk, dispatch: dispatchOk, iot: iotOk, live: liveOk }).filter(([, ok]) => !ok);
  if (failed.length > 0) console.error(`npm start: ${failed.map(([name]) => name).join(', ')} did not do what the pattern promises (above)`);
  return failed.length === 0;
}

const USAGE = `Usage: npm run <command>: synth, lint, media -- <video file>, dispatch, iot, live, or start (all of them).
In your own app: npx fc-solution-constructs local <pattern> runs a pattern with your synthesized settings.`;

async function main(): Promise<void> {
  const [command, arg] = process.argv.slice(2);
  let ok = true;
  if (command === '--help' || command === '-h' || arg === '--help' || arg === '-h') console.log(USAGE);
  else if (command === 'synth') synth();
  else if (command === 'lint') ok = lint();
  else if (command === 'media') ok = await media(arg);
  else if (command === 'dispatch') ok = await dispatch();
  else if (command === 'iot') ok = await iot();
  else if (command === 'live') ok = await live();
  else if (command === 'start') ok = await start();
  else throw new Error(`unknown command ${JSON.stringify(command)}\n${USAGE}`);
  if (!ok) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
