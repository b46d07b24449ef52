/**
 * `npm run bench`: every benchmark in one run, side by side, as a table with each target and
 * whether it is met. A report, not a test: it exits 0 whatever the figures are.
 * `npm run bench -- bundles transcode` runs only the benchmarks whose names contain those words.
 */
import * as os from 'node:os';
import { benchBundles } from './bundles';
import { benchAssignment } from './dispatch-assign';
import { benchNearest } from './dispatch-nearest';
import { benchTrips } from './dispatch-trips';
import { benchIndexer } from './iot-indexer';
import { benchDeviceStatus } from './iot-status';
import { benchLiveMixer } from './live-mixer';
import { benchPushPlan } from './push-plan';
import { benchMarginal } from './marginal';
import { Figure, inFreshProcess, renderTable } from './stats';
import { benchSynth } from './synth';
import { benchTranscode } from './transcode';
import { benchMediaLayouts } from './media-layouts';
import { benchMediaLong } from './media-long';
import { benchFirstInvocation } from './first-invocation';

const BENCHMARKS: Array<[string, () => Figure[] | Promise<Figure[]>]> = [
  ['example app synth', benchSynth],
  ['marginal MediaPipeline', benchMarginal],
  ['bundles', benchBundles],
  ['first invocation', benchFirstInvocation],
  ['nearest courier', benchNearest],
  ['dispatch round trips', benchTrips],
  ['dispatch assignment', () => inFreshProcess(require.resolve('./dispatch-assign'), benchAssignment.name)],
  ['iot indexer', benchIndexer],
  ['iot device status', benchDeviceStatus],
  ['push API selection', benchPushPlan],
  ['live mixer', benchLiveMixer],
  // Last: it keeps both cores busy.
  ['ladder transcode', benchTranscode],
  ['media layouts', benchMediaLayouts],
  ['long video', benchMediaLong],
];

async function main(): Promise<void> {
  const cpus = os.cpus();
  console.log(`fc-solution-constructs bench: node ${process.version}, ${cpus.length} x ${cpus[0]?.model ?? 'unknown CPU'}\n`);
  const figures: Figure[] = [];
  const only = process.argv.slice(2);
  for (const [name, bench] of BENCHMARKS.filter(([n]) => only.length === 0 || only.some((word) => n.includes(word)))) {
    process.stderr.write(`running ${name}...\n`);
    try {
      figures.push(...(await bench()));
    } catch (err) {
      // One benchmark failing (code in flux, a missing tool) must not hide the others' figures.
      figures.push({ measure: name, value: 'error', target: '-', note: (err as Error).message.split('\n')[0] });
    }
  }
  console.log(renderTable(figures));
  const targets = figures.filter((f) => f.met !== undefined);
  console.log(`\n${targets.filter((f) => f.met).length} of ${targets.length} targets met`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
