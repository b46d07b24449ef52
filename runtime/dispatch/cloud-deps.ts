/**
 * DispatchDeps in Function Compute: settings and names from the environment (DISPATCH_ENV),
 * adapters signed with the invocation's STS credentials; rebuilt when the credentials rotate.
 */
import { FcInvoker } from '../shared/cloud/fc-invoker';
import { OtsTableStore } from '../shared/cloud/ots-table-store';
import { PopPush } from '../shared/cloud/pop-push';
import { SystemClock } from '../shared/clock';
import { requiredEnv, withDepsPerCredentials, type Handler } from '../shared/cloud/cached-deps';
import type { FcContext } from '../shared/context';
import { stdoutSink } from '../shared/log';
import type { DispatchDeps } from './deps';
import { parseDispatchSettings } from './load-settings';
import { DISPATCH_ENV } from './settings';

export function cloudDeps(ctx: FcContext, env: NodeJS.ProcessEnv = process.env): DispatchDeps {
  const settings = parseDispatchSettings(env[DISPATCH_ENV.settings]);
  return {
    settings,
    store: OtsTableStore.fromContext(ctx, {
      endpoint: requiredEnv(env, DISPATCH_ENV.otsEndpoint),
      instanceName: requiredEnv(env, DISPATCH_ENV.otsInstance),
    }),
    invoker: FcInvoker.fromContext(ctx),
    // The notifier itself and the failure handler have none: they never invoke it.
    notifierFunction: env[DISPATCH_ENV.notifierFunction] ?? '',
    push: PopPush.fromContext(ctx, { appKey: Number(settings.push.appKey), apnsEnv: settings.push.apnsEnv }),
    clock: new SystemClock(),
    log: stdoutSink,
  };
}

/** A handler whose deps are built on first use and again whenever the credentials change. */
export function withCloudDeps<R>(create: (deps: DispatchDeps) => Handler<R>): Handler<R> {
  return withDepsPerCredentials((ctx) => cloudDeps(ctx), create);
}
