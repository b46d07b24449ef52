/** Runs LiveMuxCluster on a laptop (runtime/live/local/run-live.ts) behind the loopback API Gateway, and formats what the viewer got. */
import { runLiveLocally, type LiveRunReport } from '../runtime/live/local/run-live';
import { startApiGatewayServer } from './api-gateway-server';

export function runLive(): Promise<LiveRunReport> {
  return runLiveLocally((backends) => startApiGatewayServer({ backends }));
}

export function formatLiveReport(r: LiveRunReport): string {
  return [
    `viewer: ${r.viewer.width}x${r.viewer.height} at ${r.viewer.fps} fps, ${r.viewer.packets} video packets over ${r.viewer.watchedMs} ms ` +
      `(${r.viewer.dtsSpanMs} ms of stream); largest dts step ${r.largestDtsStepMs} ms`,
    ...r.stalls.map((s) => `  longest wait between packets around "${s.moment}": ${s.longestMs} ms`),
    `mixer: started ${r.mixerStarts} time(s), stopped: ${r.mixerExit ?? 'still running'}; ` +
      `pushes refused ${r.refusedPushes}; ${(r.wallMs / 1000).toFixed(1)} s`,
  ].join('\n');
}

export function liveRunOk(r: LiveRunReport): boolean {
  return r.viewer.packets > 0 && r.mixerStarts === 1 && r.mixerExit === 'ended';
}
