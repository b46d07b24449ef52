/**
 * LiveDeps in Function Compute: settings and names from the environment (LIVE_ENV), the keys from their
 * encrypted OOS parameter, adapters signed with the invocation's STS credentials; rebuilt when the credentials rotate
 * (a failed build is tried again on the next invocation).
 */
import { FcInvoker } from '../shared/cloud/fc-invoker';
import { getSecretParameter } from '../shared/cloud/oos-secret-parameter';
import { OtsTableStore } from '../shared/cloud/ots-table-store';
import { requiredEnv, withDepsPerCredentials, type Handler } from '../shared/cloud/cached-deps';
import { SystemClock } from '../shared/clock';
import type { FcContext } from '../shared/context';
import { stdoutSink } from '../shared/log';
import type { LiveDeps } from './deps';
import { parseLiveKeys, parseLiveSettings } from './load-settings';
import { LIVE_ENV } from './settings';

export async function liveCloudDeps(ctx: FcContext, env: NodeJS.ProcessEnv = process.env): Promise<LiveDeps> {
  const settings = parseLiveSettings(env[LIVE_ENV.settings]);
  const keys = parseLiveKeys(await getSecretParameter(ctx, requiredEnv(env, LIVE_ENV.keysSecret)));
  return {
    settings,
    keys,
    store: OtsTableStore.fromContext(ctx, { endpoint: requiredEnv(env, LIVE_ENV.otsEndpoint), instanceName: requiredEnv(env, LIVE_ENV.otsInstance) }),
    invoker: FcInvoker.fromContext(ctx),
    functions: { mixer: env[LIVE_ENV.mixerFunction] ?? '', watchdog: env[LIVE_ENV.watchdogFunction] ?? '' },
    clock: new SystemClock(),
    log: stdoutSink,
  };
}

export function withLiveCloudDeps<R>(create: (deps: LiveDeps) => Handler<R>): Handler<R> {
  return withDepsPerCredentials(
    (ctx) => ctx,
    (first: FcContext) => {
      let built: Promise<Handler<R>> | undefined;
      return async (event, ctx) => {
        built ??= liveCloudDeps(first).then(create);
        try {
          return await (
            await built
          )(event, ctx);
        } catch (err) {
          // Only a failed build is forgotten; a handler's own error is its answer.
          if (
            await built.then(
              () => false,
              () => true,
            )
          )
            built = undefined;
          throw err;
        }
      };
    },
  );
}
