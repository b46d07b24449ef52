/**
 * Runs IotIngest on a laptop (runtime/iot/local/run-iot.ts) with the settings the example app's
 * IotIngest resolves, behind the loopback API Gateway, and formats what it did.
 */
import { runIotLocally, type IotReport } from '../runtime/iot/local/run-iot';
import type { IotSettings } from '../runtime/iot/settings';
import { startApiGatewayServer } from './api-gateway-server';

export function runIot(settings: IotSettings): Promise<IotReport> {
  return runIotLocally({ settings, startApiServer: (backends) => startApiGatewayServer({ backends }) });
}

export function formatIotReport(r: IotReport): string {
  const lag = r.searchableLagMs;
  return [
    `content: ${r.postsWritten} posts written, ${r.edits} edited, ${r.deletes} deleted; ${r.indexUpdatesApplied} index updates applied`,
    `  write-to-searchable lag p50 ${lag.p50} ms, p99 ${lag.p99} ms (${lag.count} writes); ${r.searchesAnswered} searches answered`,
    `devices: ${r.devices} on a local MQTT broker (Alibaba device SDK), debounce ${r.debounceSeconds} s for this run; ` +
      `${r.deviceEvents.status} status and ${r.deviceEvents.properties} property events`,
    `  transitions notified ${r.transitions.notified} (expected ${r.expectedNotified}), suppressed ${r.transitions.suppressed} ` +
      `(flaps: ${r.expectedSuppressed}), deferred ${r.transitions.deferred}, superseded ${r.transitions.superseded}`,
    `  pushes: ${r.pushes.Push} Push and ${r.pushes.MassPush} MassPush calls carrying ${r.pushes.notices} notices; duplicates ${r.pushes.duplicates}`,
    `  undelivered messages ${r.undelivered}, refused connections ${r.refusedConnections}, checks never run ${r.checksNeverRun}; ` +
      `${(r.wallMs / 1000).toFixed(1)} s`,
  ].join('\n');
}

/** What the run got wrong, one line each (none when it did what the pattern promises). */
export function iotRunProblems(r: IotReport): string[] {
  const problems: string[] = [];
  if (r.transitions.notified !== r.expectedNotified) problems.push(`transitions notified ${r.transitions.notified}, expected ${r.expectedNotified}`);
  if (r.transitions.suppressed < r.expectedSuppressed) problems.push(`flaps suppressed ${r.transitions.suppressed} of ${r.expectedSuppressed}`);
  if (r.pushes.duplicates > 0) problems.push(`${r.pushes.duplicates} duplicate notices`);
  if (r.undelivered > 0) problems.push(`${r.undelivered} messages undelivered`);
  if (r.checksNeverRun > 0) problems.push(`${r.checksNeverRun} transition checks never ran`);
  const writes = r.postsWritten + r.edits;
  if (r.indexUpdatesApplied < writes) problems.push(`index updates applied ${r.indexUpdatesApplied} of ${writes} writes`);
  return problems;
}
