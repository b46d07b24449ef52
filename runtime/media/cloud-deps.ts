/**
 * MediaDeps in Function Compute: settings and names from the environment (MEDIA_ENV), adapters
 * signed with the invocation's STS credentials. Built once per container and rebuilt when FC
 * hands over new credentials (they rotate; an adapter holding old ones would start failing).
 */
import * as os from 'node:os';
import { FcInvoker } from '../shared/cloud/fc-invoker';
import { OssObjectStore } from '../shared/cloud/oss-object-store';
import { OtsTableStore } from '../shared/cloud/ots-table-store';
import { CdnClient } from '../shared/cloud/cdn-client';
import { SystemClock } from '../shared/clock';
import { requiredEnv, withDepsPerCredentials, type Handler } from '../shared/cloud/cached-deps';
import type { FcContext } from '../shared/context';
import { stdoutSink } from '../shared/log';
import type { MediaDeps } from './deps';
import { DEFAULT_FAILURE_PREFIX } from './failure';
import { parseMediaSettings } from './load-settings';
import { MEDIA_ENV } from './settings';

export function cloudDeps(ctx: FcContext, env: NodeJS.ProcessEnv = process.env): MediaDeps {
  const settings = parseMediaSettings(env[MEDIA_ENV.settings]);
  const bucket = (name: string) => OssObjectStore.fromContext(ctx, { bucket: name });
  const sourceBucket = requiredEnv(env, MEDIA_ENV.sourceBucket);
  const outputBucket = requiredEnv(env, MEDIA_ENV.outputBucket);
  const output = bucket(outputBucket);
  const failureBucket = env[MEDIA_ENV.failureBucket];
  return {
    settings,
    source: sourceBucket === outputBucket ? output : bucket(sourceBucket),
    output,
    jobs: OtsTableStore.fromContext(ctx, {
      endpoint: requiredEnv(env, MEDIA_ENV.otsEndpoint),
      instanceName: requiredEnv(env, MEDIA_ENV.otsInstance),
    }),
    jobTable: requiredEnv(env, MEDIA_ENV.jobTable),
    invoker: FcInvoker.fromContext(ctx),
    // Only the planner has it; the others never invoke a transcoder.
    transcoderFunction: env[MEDIA_ENV.transcoderFunction] ?? '',
    ...(env[MEDIA_ENV.notifierFunction] ? { notifierFunction: env[MEDIA_ENV.notifierFunction] } : {}),
    ...(settings.cdn ? { cdn: CdnClient.fromContext(ctx, { area: settings.cdn.area }) } : {}),
    clock: new SystemClock(),
    log: stdoutSink,
    tmpDir: os.tmpdir(),
    ...(failureBucket && failureBucket !== outputBucket ? { failureStore: bucket(failureBucket) } : {}),
    failurePrefix: env[MEDIA_ENV.failurePrefix] || DEFAULT_FAILURE_PREFIX,
  };
}

/** A handler whose deps are built on first use and again whenever the credentials change. */
export function withCloudDeps<R>(create: (deps: MediaDeps) => Handler<R>): Handler<R> {
  return withDepsPerCredentials((ctx) => cloudDeps(ctx), create);
}
