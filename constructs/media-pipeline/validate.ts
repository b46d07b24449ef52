import { validateFfmpegLayerArn } from '../core/function-runtime';
import { definedOnly, Validator } from '../core/validation';
import { MediaSettings, PART_LAYOUTS, RETIRED_SEGMENTS_GRACE_SECONDS, Rung } from '../../runtime/media/settings';
import { DEFAULT_LADDER, MEDIA_DEFAULTS } from './defaults';
import { MediaPipelineProps } from './props';

const SAFE_PREFIX = /^(?!\/)[^*$?\\]{0,1000}$/;
const PREFIX_RULE = 'must not start with "/" nor contain * $ ? \\ (OSS trigger filters are literal), at most 1000 characters';
const HOSTNAME = /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/**
 * Checks every prop of a MediaPipeline and returns the settings its functions run with;
 * `longestTimeoutSeconds` is the longest timeout of its functions (it bounds the stage deadline).
 */
export function resolveMediaSettings(props: MediaPipelineProps, v: Validator, longestTimeoutSeconds: number): MediaSettings {
  v.exclusive('existingSourceBucket', props.existingSourceBucket, 'sourceBucketProps', props.sourceBucketProps);
  v.exclusive('existingOutputBucket', props.existingOutputBucket, 'outputBucketProps', props.outputBucketProps);
  v.exclusive('existingJobTable', props.existingJobTable, 'jobTableProps', props.jobTableProps);
  v.exclusive('existingLogSink', props.existingLogSink, 'logSinkProps', props.logSinkProps);

  const inputPrefix = props.inputPrefix ?? MEDIA_DEFAULTS.inputPrefix;
  const outputPrefix = props.outputPrefix ?? MEDIA_DEFAULTS.outputPrefix;
  v.matches('inputPrefix', inputPrefix, SAFE_PREFIX, PREFIX_RULE);
  v.matches('outputPrefix', outputPrefix, SAFE_PREFIX, PREFIX_RULE);
  validateSuffixes(props.inputSuffixes ?? MEDIA_DEFAULTS.inputSuffixes, v);

  const sameBucket = props.existingOutputBucket === undefined && props.outputBucketProps === undefined;
  if (sameBucket) {
    // Outputs land in the bucket the trigger watches: a prefix the trigger matches would re-trigger forever.
    const triggered = (prefix: string) => prefix.startsWith(inputPrefix) || inputPrefix.startsWith(prefix);
    if (triggered(outputPrefix)) {
      v.fail(
        'outputPrefix',
        outputPrefix,
        `is matched by the trigger filter (inputPrefix ${JSON.stringify(inputPrefix)}) in the same bucket: ` +
          `outputs would trigger the pipeline again; use disjoint prefixes such as "uploads/" and "processed/"`,
      );
    }
    if (triggered(MEDIA_DEFAULTS.failurePrefix)) {
      v.fail(
        'inputPrefix',
        inputPrefix,
        `matches the failure records prefix ${JSON.stringify(MEDIA_DEFAULTS.failurePrefix)} in the same bucket; ` +
          `choose a non-empty prefix that does not`,
      );
    }
  }

  const ladder = props.ladder ?? DEFAULT_LADDER;
  validateLadder(ladder, v);
  v.oneOf('packaging', props.packaging, ['hls', 'mp4'] as const);
  v.oneOf('layout', props.layout, PART_LAYOUTS);
  v.integer('segmentSeconds', props.segmentSeconds, 2, 30);
  const chunking = resolveChunking(props, v);

  const settings: MediaSettings = {
    inputPrefix,
    inputSuffixes: [...(props.inputSuffixes ?? MEDIA_DEFAULTS.inputSuffixes)],
    outputPrefix,
    ladder: ladder.map((r) => ({ name: r.name, height: r.height, videoBitrate: r.videoBitrate, audioBitrate: r.audioBitrate })),
    packaging: props.packaging ?? MEDIA_DEFAULTS.packaging,
    layout: props.layout ?? MEDIA_DEFAULTS.layout,
    segmentSeconds: props.segmentSeconds ?? MEDIA_DEFAULTS.segmentSeconds,
    ...(chunking ? { chunking } : {}),
    // FC attempts an event until it is MaxAsyncEventAge old, and the last attempt runs up to a timeout
    // (PutFunctionAsyncInvokeConfig: https://www.alibabacloud.com/help/en/fc/developer-reference/api-fc-open-2021-04-06-putfunctionasyncinvokeconfig);
    // an hour more, and no job FC may still retry is reaped.
    stageDeadlineSeconds: (props.maxEventAgeSeconds ?? MEDIA_DEFAULTS.maxEventAgeSeconds) + longestTimeoutSeconds + 3600,
    ...(props.completion ? { notifyCompletion: true } : {}),
  };

  if (props.watermark) {
    const w = props.watermark;
    v.matches('watermark.key', w.key, /^(?!\/).{1,1000}\.png$/i, 'must be the key of a PNG object (ending in .png), not starting with "/"');
    if (w.key.startsWith(outputPrefix)) v.fail('watermark.key', w.key, `must not be under the output prefix ${JSON.stringify(outputPrefix)}`);
    v.oneOf('watermark.position', w.position, ['top-left', 'top-right', 'bottom-left', 'bottom-right'] as const);
    v.integer('watermark.marginPx', w.marginPx, 0, 200);
    if (w.widthFraction !== undefined && !(w.widthFraction >= 0.02 && w.widthFraction <= 0.5)) {
      v.fail('watermark.widthFraction', w.widthFraction, 'must be from 0.02 to 0.5');
    }
    settings.watermark = { ...MEDIA_DEFAULTS.watermark, ...definedOnly(w), key: w.key };
  }

  if (props.thumbnails !== false) {
    const t = props.thumbnails ?? {};
    v.integer('thumbnails.count', t.count, 1, 20);
    v.integer('thumbnails.width', t.width, 32, 1920, 2);
    settings.thumbnails = { ...MEDIA_DEFAULTS.thumbnails, ...definedOnly(t) };
  }

  if (props.cdn) {
    const c = props.cdn;
    v.matches('cdn.domain', c.domain, HOSTNAME, 'must be a lowercase host name such as video.example.com (no scheme, no path)');
    v.oneOf('cdn.prefetch', c.prefetch, ['startup', 'playlists', 'all'] as const);
    v.integer('cdn.dailyQuota', c.dailyQuota, 1, 100000);
    v.oneOf('cdn.area', c.area, ['domestic', 'overseas'] as const);
    settings.cdn = { ...MEDIA_DEFAULTS.cdn, ...definedOnly(c), domain: c.domain };
  }

  v.integer('maxRetries', props.maxRetries, 0, 8);
  v.integer('maxEventAgeSeconds', props.maxEventAgeSeconds, 60, 604800);
  validateRetention(props, settings, v);
  validateFfmpegLayerArn(v, props.ffmpegLayerArn);
  return settings;
}

/**
 * A job row must outlive what the reaper does with it: the last part may start maxEventAgeSeconds after planning
 * (FC attempts an event that long), the job may be failed a stage deadline after that part's claim and a reaper period
 * later, and its segments are deleted RETIRED_SEGMENTS_GRACE_SECONDS after that, from cells written at planning (key,
 * plan, claim). Table Store expires each attribute value by its version (its write time) once it is older than the
 * TTL (https://alibabacloud.com/help/en/tablestore/data-versions-and-ttl), so those cells go first.
 */
function validateRetention(props: MediaPipelineProps, settings: MediaSettings, v: Validator): void {
  const days = props.jobTableProps?.retentionDays;
  if (days === undefined || days === -1) return;
  const maxEventAge = props.maxEventAgeSeconds ?? MEDIA_DEFAULTS.maxEventAgeSeconds;
  const seconds = maxEventAge + settings.stageDeadlineSeconds + MEDIA_DEFAULTS.reaperPeriodSeconds + RETIRED_SEGMENTS_GRACE_SECONDS;
  const needed = Math.ceil(seconds / 86400);
  if (days < needed) {
    v.fail(
      'jobTableProps.retentionDays',
      days,
      `must keep a job's row until the reaper is done with it: at least ${needed} days with these settings (maxEventAgeSeconds ` +
        `${maxEventAge} + the stage deadline ${settings.stageDeadlineSeconds} s + the reaper's period + the segments' 12 h grace), or -1`,
    );
  }
}

/** The chunking a pipeline runs with: none with `false` or MP4 packaging (its renditions are one file each). */
function resolveChunking(props: MediaPipelineProps, v: Validator): MediaSettings['chunking'] {
  if (props.chunking === false) return undefined;
  const packaging = props.packaging ?? MEDIA_DEFAULTS.packaging;
  if (props.chunking !== undefined && packaging !== 'hls') {
    v.fail('chunking', props.chunking, `applies to HLS packaging only (packaging is ${JSON.stringify(packaging)}); leave it out or set false`);
  }
  if (packaging !== 'hls') return undefined;
  const segmentSeconds = props.segmentSeconds ?? MEDIA_DEFAULTS.segmentSeconds;
  const c = props.chunking ?? {};
  v.integer('chunking.chunkSeconds', c.chunkSeconds, 2 * segmentSeconds, 3600);
  const chunkSeconds = c.chunkSeconds ?? MEDIA_DEFAULTS.chunking.chunkSeconds;
  v.integer('chunking.minSourceSeconds', c.minSourceSeconds, chunkSeconds, 86400);
  return { ...MEDIA_DEFAULTS.chunking, ...definedOnly(c) };
}

/** The planner matches suffixes case-insensitively: one trigger on the prefix serves them all. */
const MAX_SUFFIXES = 50;

function validateSuffixes(suffixes: string[], v: Validator): void {
  if (!Array.isArray(suffixes) || suffixes.length === 0 || suffixes.length > MAX_SUFFIXES) {
    v.fail('inputSuffixes', suffixes, `must list 1 to ${MAX_SUFFIXES} suffixes`);
  }
  suffixes.forEach((s, i) => v.matches(`inputSuffixes[${i}]`, s, /^[^*$?\\/]{1,100}$/, 'must be a literal suffix such as ".mp4" (no wildcards or "/", not empty)'));
  const seen = new Map<string, number>();
  suffixes.forEach((s, i) => {
    const earlier = seen.get(s.toLowerCase());
    if (earlier !== undefined)
      v.fail(`inputSuffixes[${i}]`, s, `repeats inputSuffixes[${earlier}] ${JSON.stringify(suffixes[earlier])}: suffixes match in any case`);
    seen.set(s.toLowerCase(), i);
  });
}

/** Output folders beside the renditions' (outputs.ts THUMBNAILS_DIR, chunks.ts audioFolder). */
const RESERVED_FOLDERS = ['thumbnails', 'audio'];

function validateLadder(ladder: Rung[], v: Validator): void {
  if (!Array.isArray(ladder) || ladder.length === 0 || ladder.length > 10) v.fail('ladder', ladder, 'must have 1 to 10 rungs');
  const names = new Set<string>();
  ladder.forEach((rung, i) => {
    const p = `ladder[${i}]`;
    v.matches(`${p}.name`, rung.name, /^[A-Za-z0-9_-]{1,32}$/, 'must be 1-32 letters, digits, "_" or "-" (it names an output folder)');
    if (names.has(rung.name)) v.fail(`${p}.name`, rung.name, 'must be unique within the ladder');
    if (RESERVED_FOLDERS.includes(rung.name)) {
      v.fail(`${p}.name`, rung.name, `must not be ${RESERVED_FOLDERS.join(' or ')}: the job's outputs use that folder`);
    }
    names.add(rung.name);
    if (rung.height === undefined) v.fail(`${p}.height`, rung.height, 'is required (pixels)');
    v.integer(`${p}.height`, rung.height, 64, 4320, 2);
    if (rung.videoBitrate === undefined) v.fail(`${p}.videoBitrate`, rung.videoBitrate, 'is required: every rung needs a video bitrate in kb/s');
    v.integer(`${p}.videoBitrate`, rung.videoBitrate, 50, 100000);
    if (rung.audioBitrate === undefined) v.fail(`${p}.audioBitrate`, rung.audioBitrate, 'is required: every rung needs an audio bitrate in kb/s');
    v.integer(`${p}.audioBitrate`, rung.audioBitrate, 16, 512);
  });
}
