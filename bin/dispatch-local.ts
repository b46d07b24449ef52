/**
 * Runs the dispatch system on a laptop: the functions on local adapters behind a loopback HTTP
 * server that speaks API Gateway's event format, and a simulated city driving it over HTTP.
 * The CLI passes the settings the example app's DispatchSystem resolves, so what runs here is what
 * runs in Function Compute.
 */
import { DECISION_MSG } from '../runtime/dispatch/decision-log';
import type { CityReport } from '../runtime/dispatch/local/city/city-report';
import { runDispatchCity, type CityOptions } from '../runtime/dispatch/local/city/run-city';
import { percentiles } from '../runtime/shared/percentiles';
import { createLocalDispatch } from '../runtime/dispatch/local-dispatch';
import type { DispatchSettings } from '../runtime/dispatch/settings';
import type { LogWriter } from '../runtime/shared/log';
import { startDispatchServer } from './dispatch-server';

export interface DispatchRunOptions extends Omit<CityOptions, 'url' | 'push'> {
  settings: DispatchSettings;
  /** Milliseconds between offer sweeps; default 1000 (the deployed timer runs every minute). */
  sweepIntervalMs?: number;
  /** Where the functions' log lines go; default nowhere (the decision times are summarised in the report). */
  log?: LogWriter;
}

export async function runDispatchLocally(options: DispatchRunOptions): Promise<CityReport> {
  const { settings, sweepIntervalMs, log, ...city } = options;
  const offerDecisionMs: number[] = [];
  const dispatch = createLocalDispatch({
    settings,
    log: (line) => {
      log?.(line);
      if (!line.includes(DECISION_MSG)) return;
      const entry = JSON.parse(line) as { msg?: string; decision?: string; durationMs?: number };
      if (entry.msg === DECISION_MSG && entry.decision === 'offer' && typeof entry.durationMs === 'number') offerDecisionMs.push(entry.durationMs);
    },
  });
  const server = await startDispatchServer({ dispatch, ...(sweepIntervalMs === undefined ? {} : { sweepIntervalMs }) });
  let report: CityReport;
  try {
    report = await runDispatchCity({ ...city, url: server.url, push: dispatch.push });
  } finally {
    await server.close();
  }
  return { ...report, offerDecisionMs: percentiles(offerDecisionMs) };
}
