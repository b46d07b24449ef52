/** Runs LiveMuxCluster on a laptop (runtime/live/local/run-live.ts) behind the loopback API Gateway, and formats what the viewer got. */
import { runLiveLocally, type LiveRunReport } from '../runtime/live/local/run-live';
import { startApiGatewayServer } from './api-gateway-server';

export function runLive(): Promise<LiveRunReport> {
  return runLiveLocally((backends) => startApiGatewayServer({ backends }));
}

export function formatLiveReport(r: LiveRunReport): string {
  const ms = (v: number | undefined) => (v === undefined ? 'not seen' : `${Math.round(v)} ms`);
  return [
    `viewer: ${r.viewer.width}x${r.viewer.height} at ${r.viewer.fps} fps, ${r.viewer.packets} video packets over ${r.viewer.watchedMs} ms ` +
      `(${r.viewer.dtsSpanMs} ms of stream); largest dts step ${r.largestDtsStepMs} ms`,
    ...r.stalls.map((s) => `  longest wait between packets around "${s.moment}": ${s.longestMs} ms`),
    ...r.publishToTileMs.map(
      (p) =>
        `  ${p.micId}: publish (the ingest accepts it) to its picture in its tile ${ms(p.fromPublish)} ` +
        `(${ms(p.fromFirstFrame)} from its first frame)`,
    ),
    `  layout call to every mic in its new tile: ${ms(r.layoutToScreenMs)}`,
    `glass-to-glass (publisher's clock burnt into its frames, read back from the mix): p50 ${ms(r.glassToGlassMs.p50)}, ` +
      `p95 ${ms(r.glassToGlassMs.p95)} over ${r.glassToGlassMs.samples} frames`,
    `A/V offset of the host in the mix (audio minus video): median ${ms(r.avOffsetMs.median)}, drift ${ms(r.avOffsetMs.drift)} ` +
      `over ${r.avOffsetMs.samples} seconds`,
    `mixer: ${r.mixerCpu.toFixed(2)} vCPU (compositor and decoders), started ${r.mixerStarts} time(s), stopped: ${r.mixerExit ?? 'still running'}; ` +
      `pushes refused ${r.refusedPushes}; ${(r.wallMs / 1000).toFixed(1)} s`,
  ].join('\n');
}

export function liveRunOk(r: LiveRunReport): boolean {
  // Two mixer starts: the first, and the fresh invocation it handed over to.
  return r.viewer.packets > 0 && r.mixerStarts === 2 && r.mixerExit === 'ended' && r.glassToGlassMs.samples > 0;
}
