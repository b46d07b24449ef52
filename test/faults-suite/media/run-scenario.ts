/**
 * One run of a media scenario from scratch: its steps, then settling (drain the async queue, move the clock past
 * every stage deadline and fire the reaper timer, twice, 30 minutes apart; then past the grace of segments nothing
 * plays, and fire it twice again), then the invariants.
 */
import { Invocations, type InvocationPlan } from '../invocations';
import type { Violation } from '../violations';
import { cdnViolations } from './cdn-invariants';
import { clips } from './clips';
import { jobViolations } from './job-invariants';
import { noticeViolations } from './notice-invariants';
import { outputViolations } from './output-invariants';
import { readTable } from './rows';
import { segmentViolations } from './segment-invariants';
import { RETIRED_SEGMENTS_GRACE_MS } from '../../../runtime/media/retired-segments';
import { MEDIA_SETTINGS, type MediaScenario } from './scenarios';
import { mediaWorld } from './world';

export interface RunResult {
  violations: Violation[];
  /** Port calls of each invocation's first attempt. */
  calls: Map<string, number>;
  /** The invocations the faults hit. */
  faultsIn: string[];
}

export async function runMediaScenario(scenario: MediaScenario, plan: InvocationPlan = {}): Promise<RunResult> {
  const invocations = new Invocations(plan);
  const settings = scenario.settings ?? MEDIA_SETTINGS;
  const w = mediaWorld(settings, invocations);
  const c = await clips();
  for (const step of scenario.steps) await step(w, c);
  await w.pipeline.invoker.drain();
  w.clock.advance(settings.stageDeadlineSeconds * 1000 + 1000);
  await w.reap();
  // The timer fires again half an hour later (MEDIA_DEFAULTS.reaperSchedule): a notice whose re-queue by the first run
  // was cut short is queued by this one.
  w.clock.advance(30 * 60_000);
  await w.reap();
  // Segments of FAILED and replaced versions are due (retired-segments.ts); a run cut short is finished by the next.
  w.clock.advance(RETIRED_SEGMENTS_GRACE_MS);
  await w.reap();
  w.clock.advance(30 * 60_000);
  await w.reap();
  const table = await readTable(w);
  const violations = [
    ...(await jobViolations(w, table)),
    ...(await outputViolations(w, table)),
    ...cdnViolations(w, table),
    ...noticeViolations(w, table),
    ...(await segmentViolations(w, table)),
  ];
  const faultsIn = invocations.fired().map((f) => `${f.label} ${f.mode} ${f.call.port}.${f.call.method}`);
  return { violations, calls: invocations.callCounts(), faultsIn };
}
