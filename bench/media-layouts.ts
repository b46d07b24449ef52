/**
 * The media layouts side by side (runtime/media/part-layout.ts): a generated 1080p30 source with detail and grain
 * (testsrc2 under temporal noise, not a flat pattern) through the default ladder, each layout's parts run with the
 * transcoder's own ffmpeg arguments, rounds interleaved. Per layout: the wait (the slowest part: FC runs parts in
 * parallel, one instance each), the CPU seconds of all its parts (what FC bills, read from the OS as this process's
 * reaped children), and PSNR/SSIM of every rendition against the source scaled to its size.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_LADDER, MEDIA_DEFAULTS } from '../constructs/media-pipeline/defaults';
import { planRenditions, type Rendition } from '../runtime/media/ladder';
import { groupRenditions, partName } from '../runtime/media/part-layout';
import { PLAYLIST_FILE } from '../runtime/media/outputs';
import { segmentPattern } from '../runtime/media/segment-names';
import { PART_LAYOUTS, type PartLayout } from '../runtime/media/settings';
import { hlsRenditionArgs } from '../runtime/media/transcode';
import { probe, runFfmpeg } from '../runtime/shared/ffmpeg';
import { reapedChildrenCpuSeconds } from '../runtime/shared/local/process-cpu';
import { Figure, formatMs, removeDir, tempDir, timeMsAsync } from './stats';
import { testClipArgs } from './transcode';

export const DETAILED_SOURCE = { seconds: 6, width: 1920, height: 1080, fps: 30 };
const ROUNDS = 2;

interface LayoutRun {
  waitMs: number;
  cpuSeconds: number;
  outputs: Map<string, string>;
}

async function runLayout(layout: PartLayout, source: string, renditions: Rendition[], px: number, dir: string): Promise<LayoutRun> {
  let waitMs = 0;
  let cpuSeconds = 0;
  const outputs = new Map<string, string>();
  for (const part of groupRenditions(renditions, layout, px)) {
    const outs = part.map((r) => {
      const out = path.join(dir, layout, r.name);
      fs.mkdirSync(out, { recursive: true });
      outputs.set(r.name, path.join(out, PLAYLIST_FILE));
      return {
        segmentSeconds: MEDIA_DEFAULTS.segmentSeconds,
        playlistFile: path.join(out, PLAYLIST_FILE),
        segmentPattern: path.join(out, segmentPattern('bench')),
      };
    });
    const cpuBefore = reapedChildrenCpuSeconds();
    const { ms } = await timeMsAsync(() => runFfmpeg(hlsRenditionArgs({ input: source, renditions: part, hasAudio: true }, outs)));
    cpuSeconds += reapedChildrenCpuSeconds() - cpuBefore;
    waitMs = Math.max(waitMs, ms);
  }
  return { waitMs, cpuSeconds, outputs };
}

/** PSNR (dB) and SSIM of `output` against the source scaled to the rendition's size and frame rate. */
export async function quality(output: string, source: string, r: Rendition): Promise<{ psnr: number; ssim: number }> {
  const graph = `[1:v]fps=${r.fps},scale=${r.width}:${r.height},setsar=1,split[r1][r2];[0:v]split[o1][o2];[o1][r1]psnr;[o2][r2]ssim`;
  const { stderrTail } = await runFfmpeg(['-hide_banner', '-nostdin', '-v', 'info', '-i', output, '-i', source, '-lavfi', graph, '-f', 'null', '-']);
  const psnr = Number(/PSNR .*average:([\d.]+)/.exec(stderrTail)?.[1] ?? NaN);
  const ssim = Number(/SSIM .*All:([\d.]+)/.exec(stderrTail)?.[1] ?? NaN);
  return { psnr, ssim };
}

export async function benchMediaLayouts(): Promise<Figure[]> {
  const work = tempDir('layouts');
  try {
    const source = path.join(work, 'source.mp4');
    await runFfmpeg(testClipArgs(source, DETAILED_SOURCE, { grain: true, videoKbps: 15000 }));
    const probed = await probe(source);
    const renditions = planRenditions(DEFAULT_LADDER, probed);
    const px = probed.width * probed.height;
    const runs = new Map<PartLayout, LayoutRun[]>(PART_LAYOUTS.map((l) => [l, []]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const layout of PART_LAYOUTS) runs.get(layout)!.push(await runLayout(layout, source, renditions, px, path.join(work, `r${round}`)));
    }
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    const base = runs.get('latency')!;
    const baseCpu = mean(base.map((r) => r.cpuSeconds));
    const baseWait = mean(base.map((r) => r.waitMs));
    const figures: Figure[] = [];
    for (const layout of PART_LAYOUTS) {
      const r = runs.get(layout)!;
      const cpu = mean(r.map((x) => x.cpuSeconds));
      const wait = mean(r.map((x) => x.waitMs));
      const parts = groupRenditions(renditions, layout, px).map(partName).join(' | ');
      figures.push({
        measure: `media layout ${layout}: CPU, wait`,
        value: `${cpu.toFixed(1)} CPU-s (${(cpu / baseCpu).toFixed(2)}x), wait ${formatMs(wait)} (${(wait / baseWait).toFixed(2)}x)`,
        target: layout === MEDIA_DEFAULTS.layout ? 'CPU < latency, wait ≤ 1.1x' : '-',
        ...(layout === MEDIA_DEFAULTS.layout ? { met: cpu < baseCpu && wait <= 1.1 * baseWait } : {}),
        note: `parts ${parts}; ${DETAILED_SOURCE.seconds} s 1080p30 with grain, ${ROUNDS} interleaved rounds; wait = slowest part`,
      });
      const scores: string[] = [];
      for (const rendition of renditions) {
        const q = await quality(r[r.length - 1].outputs.get(rendition.name)!, source, rendition);
        scores.push(`${rendition.name} ${q.psnr.toFixed(2)} dB/${q.ssim.toFixed(4)}`);
      }
      figures.push({
        measure: `media layout ${layout}: PSNR/SSIM per rung`,
        value: scores.join(', '),
        target: '-',
        note: 'against the source scaled to each rung',
      });
    }
    return figures;
  } finally {
    removeDir(work);
  }
}
