/**
 * IotDeps in Function Compute: settings and names from the environment (IOT_ENV), adapters signed
 * with the invocation's STS credentials; rebuilt when the credentials rotate.
 */
import { FcInvoker } from '../shared/cloud/fc-invoker';
import { OtsSearchEngine } from '../shared/cloud/ots-search-engine';
import { PopPush } from '../shared/cloud/pop-push';
import { OtsTableStore } from '../shared/cloud/ots-table-store';
import { requiredEnv, withDepsPerCredentials, type Handler } from '../shared/cloud/cached-deps';
import { SystemClock } from '../shared/clock';
import type { FcContext } from '../shared/context';
import { stdoutSink } from '../shared/log';
import type { IotDeps } from './deps';
import type { DeviceDeps } from './devices/deps';
import { parseIotSettings } from './load-settings';
import { IOT_ENV, POST_SEARCH_SCHEMA } from './settings';

/** The Table Store instance every IotIngest function uses, as the construct renders it. */
function otsTarget(env: NodeJS.ProcessEnv) {
  return { endpoint: requiredEnv(env, IOT_ENV.otsEndpoint), instanceName: requiredEnv(env, IOT_ENV.otsInstance) };
}

export function cloudDeps(ctx: FcContext, env: NodeJS.ProcessEnv = process.env): IotDeps {
  const settings = parseIotSettings(env[IOT_ENV.settings]);
  const ots = otsTarget(env);
  return {
    settings,
    store: OtsTableStore.fromContext(ctx, ots),
    search: OtsSearchEngine.fromContext(ctx, { ...ots, table: settings.tables.searchDocs, index: settings.searchIndex, schema: POST_SEARCH_SCHEMA }),
    clock: new SystemClock(),
    log: stdoutSink,
  };
}

/** A handler whose deps are built on first use and again whenever the credentials change. */
export function withCloudDeps<R>(create: (deps: IotDeps) => Handler<R>): Handler<R> {
  return withDepsPerCredentials((ctx) => cloudDeps(ctx), create);
}

/** The device functions' deps: the same settings and tables, the invoker for deferred checks and Mobile Push. */
export function deviceCloudDeps(ctx: FcContext, env: NodeJS.ProcessEnv = process.env): DeviceDeps {
  const settings = parseIotSettings(env[IOT_ENV.settings]);
  const ots = otsTarget(env);
  const { appKey, apnsEnv } = settings.devices.push;
  return {
    settings,
    store: OtsTableStore.fromContext(ctx, ots),
    invoker: FcInvoker.fromContext(ctx),
    // The device API never queues a check.
    checkFunction: env[IOT_ENV.checkFunction] ?? '',
    push: PopPush.fromContext(ctx, { appKey: Number(appKey), apnsEnv }),
    clock: new SystemClock(),
    log: stdoutSink,
  };
}

export function withDeviceCloudDeps<R>(create: (deps: DeviceDeps) => Handler<R>): Handler<R> {
  return withDepsPerCredentials((ctx) => deviceCloudDeps(ctx), create);
}
