/**
 * Handler dependencies in Function Compute: built on the first invocation of a container and
 * again whenever FC hands over new STS credentials (they rotate; adapters holding old ones fail).
 */
import type { FcContext } from '../context';

export type Handler<R> = (event: Buffer, ctx: FcContext) => Promise<R>;

export function withDepsPerCredentials<D, R>(build: (ctx: FcContext) => D, create: (deps: D) => Handler<R>): Handler<R> {
  let cached: { fingerprint: string; handler: Handler<R> } | undefined;
  return (event, ctx) => {
    const { accessKeyId, accessKeySecret, securityToken } = ctx.credentials;
    const fingerprint = `${accessKeyId}\0${accessKeySecret}\0${securityToken ?? ''}`;
    if (cached?.fingerprint !== fingerprint) cached = { fingerprint, handler: create(build(ctx)) };
    return cached.handler(event, ctx);
  };
}

/** An environment variable the construct always renders. */
export function requiredEnv(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}
