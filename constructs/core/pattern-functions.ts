import * as ros from '@alicloud/ros-cdk-core';
import { asyncRetries, bundleEntry, type FunctionManifest, type RetryInputs } from '../../runtime/shared/function-manifest';
import { suppress } from './lint/suppressions';
import { ILogSink } from './log-sink';
import { childId, physicalName } from './naming';
import { PatternFunction, ResolvedSize } from './function';
import { Validator } from './validation';

export interface PatternFunctionsProps<K extends string, O extends K = never> {
  /**
   * Functions of the manifest not to create (a pattern's optional parts, e.g. the media completion notifier without a
   * completion destination); no function may name one as its on-failure destination.
   * @default - every function of the manifest
   */
  readonly omit?: readonly O[];
  /** The pattern's runtime folder, e.g. `media`: bundle entries are `<pattern>-<handler>`. */
  readonly pattern: string;
  /** The pattern's functions, by key: handler, runtime, invocation and retries of each. */
  readonly manifest: FunctionManifest<K>;
  /** Description of each function. */
  readonly descriptions: Readonly<Record<K, string>>;
  /** Size of each function, the defaults applied. */
  readonly sizes: Readonly<Record<K, ResolvedSize>>;
  /** Environment every function of the pattern gets; add more with PatternFunction.addEnvironment. */
  readonly environment: Readonly<Record<string, string>>;
  /** Where every function logs. */
  readonly logSink: ILogSink;
  /** What the manifest's retry policies are computed from: the pattern's `maxRetries` (and `maxSendAttempts`). */
  readonly retries: RetryInputs;
  /** Seconds an asynchronous event may wait, for every asynchronous function. */
  readonly maxEventAgeSeconds: number;
  /**
   * For the `ffmpeg` functions: a layer instead of FFmpeg6x.
   *
   * @default - FC's official FFmpeg6x layer in the stack's region
   */
  readonly ffmpegLayer?: string;
}

/** Why a terminal function losing an event after FC's last retry loses nothing, by bundle entry. */
const TERMINAL_REASONS: Record<string, string> = {
  'media-failure': 'it keeps each failure payload in OSS before anything else, and the reaper fails a job left unfinished',
  'dispatch-failure': 'it logs each given-up invocation; a later request or offer sweep queues the notifier again',
  'iot-device-failure': 'it logs each given-up check and runs it once more; sends that keep failing end FAILED on the entry',
  'live-watchdog': 'a watchdog chain that stops is adopted again by the next run or callback',
};

/** `failureHandler` → `FailureHandler` (logical ids) and `failure-handler` (physical names). */
const pascal = (key: string) => key[0].toUpperCase() + key.slice(1);
const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/**
 * A pattern's functions, as its manifest declares them: each with its bundle, runtime, role and
 * logs; asynchronous ones with the retries and on-failure destination the manifest names (the local
 * runner reads the same manifest). A function with `terminal` retries is the end of the line: FC's
 * maximum retries and no destination of its own, which would only loop (the FSC-FC2 suppression says so).
 */
export function createPatternFunctions<K extends string, O extends K = never>(
  scope: ros.Construct,
  props: PatternFunctionsProps<K, O>,
  validator: Validator,
): Record<Exclude<K, O>, PatternFunction> & Partial<Record<O, PatternFunction>> {
  const omitted: readonly string[] = props.omit ?? [];
  const keys = (Object.keys(props.manifest) as K[]).filter((k) => !omitted.includes(k));
  const functions = {} as Record<K, PatternFunction>;
  for (const key of keys) {
    const spec = props.manifest[key];
    const purpose = kebab(key);
    const concurrency = props.sizes[key].instanceConcurrency ?? 1;
    // FC 3.0's built-in runtimes serve one request per instance (lint rule FSC-FC3 cites it).
    if (spec.runtime === 'nodejs20' && concurrency > 1) {
      validator.fail(`${key}.instanceConcurrency`, concurrency, 'must be 1: FC 3.0 built-in runtimes (nodejs20) serve one request per instance');
    }
    functions[key] = new PatternFunction(scope, childId(scope.node.id, pascal(key)), {
      entry: bundleEntry(props.pattern, spec),
      functionName: physicalName(scope, validator, key, 'fcFunction', purpose, undefined),
      roleName: physicalName(scope, validator, key, 'ramRole', purpose, undefined),
      description: props.descriptions[key],
      size: props.sizes[key],
      runtime: spec.runtime,
      ...(props.ffmpegLayer ? { ffmpegLayer: props.ffmpegLayer } : {}),
      environment: { ...props.environment },
      logSink: props.logSink,
    });
  }
  for (const key of keys) {
    const spec = props.manifest[key];
    if (spec.invocation !== 'async') continue;
    const fn = functions[key];
    const onFailure = spec.onFailure === undefined ? undefined : functions[spec.onFailure as K];
    if (spec.onFailure !== undefined && !onFailure) throw new Error(`${props.pattern} manifest: ${key}.onFailure names no function of the manifest`);
    fn.configureAsync({
      maxRetries: asyncRetries(spec, props.retries),
      maxEventAgeSeconds: props.maxEventAgeSeconds,
      ...(onFailure ? { onFailure } : {}),
    });
    if (spec.retries === 'terminal') {
      suppress(
        fn.function,
        'FSC-FC2',
        `End of the line: retried the most FC allows, with no destination of its own, which would only loop back to it ` +
          `(${TERMINAL_REASONS[bundleEntry(props.pattern, spec)] ?? 'it records what it was given before anything else'}).`,
      );
    }
  }
  return functions;
}
