/** Seeded random interleavings of many concurrent dispatch operations, without and with a small fault rate. */
import { busyScenario } from './dispatch/busy-scenario';
import { runDispatchScenario } from './dispatch/run-scenario';
import type { ClientModel } from './clients';
import { FULL } from './enumerate';
import { report, type Found } from './report';
import { jitter, seeded } from './seeded';

const SEEDS = Array.from({ length: FULL ? 200 : 12 }, (_, i) => i + 1);
const FAULT_RATE = 0.05;

describe('dispatch under seeded interleavings', () => {
  it.each([0, FAULT_RATE])('fault rate %s', async (rate) => {
    const found: Found[] = [];
    for (const seed of SEEDS) {
      const client: ClientModel = seed % 2 === 0 ? 'retries' : 'gives-up';
      const scenario = busyScenario(seeded(seed));
      const plan = { before: jitter(seeded(seed + 1_000)), ...(rate > 0 ? { randomFaults: { random: seeded(seed + 2_000), rate } } : {}) };
      const run = await runDispatchScenario(scenario, client, plan);
      found.push({ run: `seed ${seed}, client ${client}, faults in ${JSON.stringify(run.faultsIn)}`, violations: run.violations });
    }
    report({ scenario: 'busy', rate, seeds: SEEDS.length }, found);
    expect(found.flatMap((f) => f.violations.map((v) => ({ ...v, run: f.run })))).toEqual([]);
  });
});
