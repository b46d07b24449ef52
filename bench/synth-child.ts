/**
 * Child process of bench/synth.ts: `node dist/bench/synth-child.js <outdir>`. Loads the example app
 * (so module loading counts, as in a user's `ros-cdk synth`), synthesizes it into <outdir> and prints
 * `{ loadMs, synthMs, resources }` as JSON.
 */
const started = process.hrtime.bigint();
// Required here, not imported at the top, so the clock starts before the library loads.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { synthExampleApp } = require('../lib/synth') as typeof import('../lib/synth');
const loadMs = Number(process.hrtime.bigint() - started) / 1e6;

const outdir = process.argv[2];
if (!outdir) throw new Error('usage: synth-child.js <outdir>');
const { stacks, ms } = synthExampleApp(outdir);
const resources = stacks.reduce((n, s) => n + Object.keys(s.template.Resources ?? {}).length, 0);
process.stdout.write(`${JSON.stringify({ loadMs, synthMs: ms, resources })}\n`);

export {};
