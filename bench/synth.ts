/**
 * Synth time of the example app (bin/app.ts) as a user's `ros-cdk synth` sees it: each run is a
 * fresh node process, so node startup and module loading count in the wall time.
 */
import * as path from 'node:path';
import { Figure, formatMs, lastJsonLine, median, removeDir, repeat, runNode, RUNS, tempDir } from './stats';

export const SYNTH_TARGET_MS = 2000;

interface ChildReport {
  loadMs: number;
  synthMs: number;
  resources: number;
}

export function benchSynth(): Figure[] {
  const child = path.join(__dirname, 'synth-child.js');
  const runs = repeat(RUNS, () => {
    const outdir = tempDir('synth');
    try {
      const run = runNode([child, outdir]);
      return { ...lastJsonLine<ChildReport>(run), wallMs: run.wallMs };
    } finally {
      removeDir(outdir);
    }
  });
  const wall = median(runs.map((r) => r.wallMs));
  const load = median(runs.map((r) => r.loadMs));
  const synth = median(runs.map((r) => r.synthMs));
  const runsNote = `median of ${RUNS} fresh processes`;
  return [
    {
      measure: 'example app synth: whole process',
      value: formatMs(wall),
      target: `< ${formatMs(SYNTH_TARGET_MS)}`,
      met: wall < SYNTH_TARGET_MS,
      note: `${runsNote}; node startup + load + synth`,
    },
    { measure: 'example app synth: module loading', value: formatMs(load), target: '-', note: 'require of bin/synth in the child' },
    {
      measure: 'example app synth: buildApp().synth()',
      value: formatMs(synth),
      target: '-',
      note: `in-process; ${runs[0].resources} resources`,
    },
  ];
}
