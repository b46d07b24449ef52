/**
 * Runs the media pipeline on a laptop with local adapters and checks what it produced.
 * `npm run media -- <video file>` (bin/app-cli.ts) prints the report.
 */
import { promises as fs, rmSync } from 'node:fs';
import * as path from 'node:path';
import { probe, probeJson, runFfmpeg, type ProbeResult } from '../runtime/shared/ffmpeg';
import { jobIdFor, readJob, renditionResults, type RenditionResult } from '../runtime/media/jobs';
import { createLocalPipeline, LOCAL_FUNCTIONS } from '../runtime/media/local-pipeline';
import { eventETag, ossEventFromSample } from '../runtime/shared/local/oss-event-from-sample';
import { outputKeyPrefix, type MediaSettings, type WatermarkPosition } from '../runtime/media/settings';
import { uploadRejection } from '../runtime/media/uploads';
import type { LogWriter } from '../runtime/shared/log';
import type { Attributes } from '../runtime/shared/ports';
import { fixturesDir } from '../runtime/shared/local/event-fixtures';
import { generateWatermark } from './sample-media';

/** A rendition matches the source duration when within this many seconds. */
export const DURATION_TOLERANCE_SECONDS = 0.5;

export interface LocalRunOptions {
  file: string;
  workDir: string;
  /** What the deployed functions would run with (the CLI takes them from the example app's construct). */
  settings: MediaSettings;
  /** PNG to use as the watermark; one is generated when settings ask for a watermark and this is absent. */
  watermarkFile?: string;
  /** Where the functions' log lines go (the package CLI turns them into progress); default nowhere. */
  log?: LogWriter;
}

export interface RenditionCheck {
  name: string;
  key: string;
  width: number;
  height: number;
  videoCodec: string;
  audioCodec?: string;
  codecs: string;
  durationSeconds: number;
  durationOk: boolean;
}

export interface WatermarkCheck {
  rendition: string;
  atSeconds: number;
  /** Mean absolute luma difference (0–255) between rendition and source inside the watermark box, and outside it. */
  insideDiff: number;
  outsideDiff: number;
  visible: boolean;
}

export interface MediaReport {
  /** The key the file was uploaded under: `<inputPrefix><file name>`. */
  key: string;
  /** The packaging the settings ask for. */
  packaging: MediaSettings['packaging'];
  /** Why the deployed pipeline would not process this file (uploadRejection); then nothing ran. */
  ignored?: string;
  jobId?: string;
  job: Attributes | undefined;
  /** What the planner probed; absent when it did not get that far. */
  source?: ProbeResult;
  outputKeys: string[];
  renditions: RenditionCheck[];
  master?: { key: string; accepted: boolean; variants: number; error?: string };
  thumbnails: { expected: number; keys: string[] };
  watermark?: WatermarkCheck;
  cdnPrefetches: string[][];
  /** What the completion destination received (with a `completion` destination): each notice's eventId. */
  completions: string[];
  dropped: number;
  ok: boolean;
}

/** A fresh folder under `root` for a local run of `file` (emptied first): `<label>-<file name>`, both made path-safe. */
export function freshMediaWorkDir(root: string, label: string, file: string): string {
  const name = `${label.replace(/[^A-Za-z0-9._-]+/g, '_')}-${path.basename(file).replace(/[^A-Za-z0-9._-]/g, '_')}`;
  const dir = path.join(root, name);
  rmSync(dir, { recursive: true, force: true });
  return dir;
}

export async function runMediaLocally(options: LocalRunOptions): Promise<MediaReport> {
  const { settings } = options;
  const key = `${settings.inputPrefix}${path.basename(options.file)}`;
  const expectedThumbnails = settings.thumbnails?.count ?? 0;
  // The trigger fires on every key under the input prefix; the planner ignores what this rejects.
  const ignored = uploadRejection(settings, key);
  if (ignored) {
    const none = {
      outputKeys: [],
      renditions: [],
      thumbnails: { expected: expectedThumbnails, keys: [] },
      cdnPrefetches: [],
      completions: [],
      dropped: 0,
    };
    return { key, packaging: settings.packaging, ignored, job: undefined, ...none, ok: false };
  }
  const workDir = path.resolve(options.workDir);
  const { store, jobs, cdn, invoker, deps, completions } = createLocalPipeline({ workDir, settings, ...(options.log ? { log: options.log } : {}) });
  if (settings.watermark) {
    const png = options.watermarkFile ?? (await generateWatermark(path.join(workDir, 'watermark.png')));
    await store.upload(settings.watermark.key, png, { contentType: 'image/png' });
  }
  await store.upload(key, options.file);
  const info = (await store.head(key))!;
  const eTag = eventETag(info.etag);
  const event = ossEventFromSample(path.join(fixturesDir(), 'oss-object-created.json'), [{ bucket: store.bucket, key, eTag, size: info.size }]);
  // OSS triggers invoke the planner asynchronously, with the async retry and destination config.
  await invoker.invokeAsync(LOCAL_FUNCTIONS.planner, event);
  await invoker.drain();

  const jobId = jobIdFor(store.bucket, key, eTag);
  const row = await jobs.getRow(deps.jobTable, [['jobId', jobId]]);
  const job = row ? readJob(jobId, row) : undefined;
  const source = job?.source;
  const outputKeys = await store.list(outputKeyPrefix(settings, key));
  const results = job ? renditionResults(job) : [];
  const renditions: RenditionCheck[] = [];
  for (const r of results) renditions.push(await checkRendition(r, await store.readableUrl(r.key), source?.durationSeconds ?? 0));
  const thumbnailKeys = outputKeys.filter((k) => k.includes('/thumbnails/'));
  const masterKey = row?.master ? String(row.master) : undefined;
  const master = masterKey ? await checkMaster(masterKey, await store.readableUrl(masterKey)) : undefined;
  const largest = [...results].sort((a, b) => b.height - a.height)[0];
  const watermark =
    settings.watermark && largest && source
      ? await checkWatermark(
          largest,
          await store.readableUrl(largest.key),
          await store.readableUrl(key),
          await store.readableUrl(settings.watermark.key),
          settings.watermark,
          source,
        )
      : undefined;

  const report: MediaReport = {
    key,
    packaging: settings.packaging,
    jobId,
    job: row,
    ...(source ? { source } : {}),
    outputKeys,
    renditions,
    ...(master ? { master } : {}),
    thumbnails: { expected: expectedThumbnails, keys: thumbnailKeys },
    ...(watermark ? { watermark } : {}),
    cdnPrefetches: cdn.prefetches.map((p) => p.objectPaths),
    completions: completions.map((n) => n.eventId),
    dropped: invoker.dropped.length,
    ok: false,
  };
  report.ok =
    row?.status === 'DONE' &&
    renditions.length > 0 &&
    renditions.every((r) => r.durationOk) &&
    (settings.packaging !== 'hls' || master?.accepted === true) &&
    thumbnailKeys.length === report.thumbnails.expected &&
    (watermark?.visible ?? true) &&
    (!settings.notifyCompletion || report.completions.includes(`${jobId}:DONE`));
  return report;
}

async function checkRendition(r: RenditionResult, url: string, sourceSeconds: number): Promise<RenditionCheck> {
  const p = await probe(url);
  return {
    name: r.name,
    key: r.key,
    width: p.width,
    height: p.height,
    videoCodec: p.videoCodec,
    ...(p.audioCodec ? { audioCodec: p.audioCodec } : {}),
    codecs: r.codecs,
    durationSeconds: p.durationSeconds,
    durationOk: Math.abs(p.durationSeconds - sourceSeconds) <= DURATION_TOLERANCE_SECONDS,
  };
}

async function checkMaster(key: string, url: string): Promise<NonNullable<MediaReport['master']>> {
  try {
    await probe(url);
    const variants = (await fs.readFile(url, 'utf8')).split('\n').filter((l) => l.startsWith('#EXT-X-STREAM-INF')).length;
    return { key, accepted: true, variants };
  } catch (err) {
    return { key, accepted: false, variants: 0, error: (err as Error).message };
  }
}

/**
 * Decodes the same instant of the rendition and of the source (scaled to the rendition's size),
 * and compares their mean luma difference inside the watermark box with the one elsewhere:
 * encoding noise is everywhere, the watermark only in its box. Visible when the box differs by
 * at least 10 levels and at least 3 times as much as the rest.
 */
async function checkWatermark(
  r: RenditionResult,
  renditionUrl: string,
  sourceUrl: string,
  watermarkUrl: string,
  mark: NonNullable<MediaSettings['watermark']>,
  source: ProbeResult,
): Promise<WatermarkCheck> {
  const { width, height } = r;
  const at = Math.round(Math.min(1, source.durationSeconds / 2) * 1000) / 1000;
  const [rendered, original, pngJson] = await Promise.all([
    grayFrame(renditionUrl, at, width, height),
    grayFrame(sourceUrl, at, width, height),
    probeJson(watermarkUrl),
  ]);
  // A PNG is no video to parseProbeOutput: its size comes from the raw stream.
  const png = { width: pngJson.streams?.[0]?.width ?? 1, height: pngJson.streams?.[0]?.height ?? 1 };
  const boxWidth = Math.max(2, 2 * Math.round((width * mark.widthFraction) / 2));
  const boxHeight = Math.max(2, 2 * Math.round((boxWidth * png.height) / png.width / 2));
  const box = watermarkBox(mark.position, mark.marginPx, width, height, boxWidth, boxHeight);
  let inside = 0;
  let insideCount = 0;
  let outside = 0;
  let outsideCount = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const diff = Math.abs(rendered[y * width + x] - original[y * width + x]);
      if (x >= box.x && x < box.x + boxWidth && y >= box.y && y < box.y + boxHeight) {
        inside += diff;
        insideCount++;
      } else {
        outside += diff;
        outsideCount++;
      }
    }
  }
  const insideDiff = round2(inside / Math.max(1, insideCount));
  const outsideDiff = round2(outside / Math.max(1, outsideCount));
  return { rendition: r.name, atSeconds: at, insideDiff, outsideDiff, visible: insideDiff >= 10 && insideDiff >= 3 * outsideDiff };
}

function watermarkBox(position: WatermarkPosition, margin: number, width: number, height: number, w: number, h: number): { x: number; y: number } {
  const right = width - w - margin;
  const bottom = height - h - margin;
  switch (position) {
    case 'top-left':
      return { x: margin, y: margin };
    case 'top-right':
      return { x: right, y: margin };
    case 'bottom-left':
      return { x: margin, y: bottom };
    case 'bottom-right':
      return { x: right, y: bottom };
  }
}

async function grayFrame(url: string, atSeconds: number, width: number, height: number): Promise<Buffer> {
  // -ss after -i: decode up to the instant, exact for both files (an input seek into HLS is not).
  const { stdout } = await runFfmpeg([
    '-hide_banner', '-nostdin', '-v', 'error',
    '-i', url, '-ss', String(atSeconds), '-frames:v', '1',
    '-vf', `scale=${width}:${height}`, '-f', 'rawvideo', '-pix_fmt', 'gray', '-',
  ]);
  if (stdout.length < width * height) throw new Error(`decoded ${stdout.length} bytes of a ${width}x${height} frame from ${url}`);
  return stdout;
}

export function formatMediaReport(report: MediaReport): string {
  if (report.ignored) return [`${report.key}: IGNORED, the pipeline would not process it: ${report.ignored}`, 'NOT RUN'].join('\n');
  const lines = [
    `job ${report.jobId}: ${report.job?.status ?? 'no job row'}${report.job?.failureReason ? ` (${String(report.job.failureReason)})` : ''}`,
    report.source ? `source: ${describeSource(report.source)}` : 'source: not probed',
    ...report.renditions.map(
      (r) =>
        `  ${r.name.padEnd(6)} ${`${r.width}x${r.height}`.padEnd(9)} ${r.videoCodec}/${r.audioCodec ?? '-'} CODECS=${r.codecs} ` +
        `${r.durationSeconds.toFixed(2)} s ${r.durationOk ? 'ok' : `OFF BY MORE THAN ${DURATION_TOLERANCE_SECONDS} s`}`,
    ),
    report.master
      ? `master ${report.master.key}: ` +
        (report.master.accepted ? `accepted by ffprobe, ${report.master.variants} variants` : `REJECTED: ${report.master.error}`)
      : `master: none${report.packaging === 'mp4' ? ' (mp4 renditions)' : ''}`,
    `thumbnails: ${report.thumbnails.keys.length}/${report.thumbnails.expected}`,
    report.watermark
      ? `watermark (${report.watermark.rendition} at ${report.watermark.atSeconds} s): ` +
        `box differs ${report.watermark.insideDiff}, elsewhere ${report.watermark.outsideDiff} → ` +
        (report.watermark.visible ? 'visible' : 'NOT VISIBLE')
      : 'watermark: none',
    `cdn prefetch: ${report.cdnPrefetches.reduce((n, p) => n + p.length, 0)} paths in ${plural(report.cdnPrefetches.length, 'call')}`,
    ...(report.completions.length > 0 ? [`completion notices: ${report.completions.join(', ')}`] : []),
    `outputs (${report.outputKeys.length}):`,
    ...report.outputKeys.map((k) => `  ${k}`),
    report.ok ? 'OK' : 'FAILED',
  ];
  return lines.join('\n');
}

function describeSource(source: ProbeResult): string {
  const stored = source.rotation ? ` (stored ${source.codedWidth}x${source.codedHeight}, turned ${source.rotation}°)` : '';
  return `${source.width}x${source.height}${stored} ${source.videoCodec}/${source.audioCodec ?? 'no audio'} ${source.durationSeconds.toFixed(2)} s`;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
