/**
 * A pattern's asynchronous functions registered with the LocalInvoker the way its construct
 * configures them in FC: the same function names (bundle entries), the same retries and the same
 * on-failure destinations, all read from the pattern's manifest.
 */
import type { FcContext } from '../context';
import { asyncRetries, bundleEntry, type FunctionManifest, type RetryInputs } from '../function-manifest';
import type { LocalInvoker } from './local-invoker';

type Handler = (event: Buffer, context: FcContext) => Promise<unknown>;

/** The names functions have locally: their bundle entries, e.g. `{ planner: 'media-planner' }`. */
export function localFunctionNames<K extends string>(pattern: string, manifest: FunctionManifest<K>): Record<K, string> {
  return Object.fromEntries(
    Object.entries(manifest).map(([key, spec]) => [key, bundleEntry(pattern, spec as FunctionManifest[string])]),
  ) as Record<K, string>;
}

/** Registers every `async` function of the manifest; a synchronous one (an API) is called directly and needs no entry. */
export function registerManifestFunctions<K extends string>(
  invoker: LocalInvoker,
  pattern: string,
  manifest: FunctionManifest<K>,
  handlers: Readonly<Record<K, Handler>>,
  retries: RetryInputs,
): void {
  const names = localFunctionNames(pattern, manifest);
  for (const key of Object.keys(manifest) as K[]) {
    const spec = manifest[key];
    if (spec.invocation !== 'async') continue;
    invoker.register(names[key], {
      handler: handlers[key],
      maxRetries: asyncRetries(spec, retries),
      ...(spec.onFailure ? { onFailure: names[spec.onFailure as K] } : {}),
    });
  }
}
