/** Method + path patterns (`/orders/{id}/accept`) → handlers; tells 404 (no such path) from 405 (wrong method). */

export type RouteMatch<H> =
  | { kind: 'found'; handler: H; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allowed: string[] }
  | { kind: 'not-found' };

interface Route<H> {
  method: string;
  segments: string[];
  handler: H;
}

/** A route as a pattern's contract declares it (e.g. DISPATCH_ROUTES); the construct publishes the same list. */
export interface RouteDeclaration<N extends string = string> {
  name: N;
  method: string;
  path: string;
}

export class Router<H> {
  private readonly routes: Route<H>[] = [];

  add(method: string, pattern: string, handler: H): this {
    this.routes.push({ method: method.toUpperCase(), segments: split(pattern), handler });
    return this;
  }

  match(method: string, path: string): RouteMatch<H> {
    const segments = split(path);
    const allowed: string[] = [];
    for (const route of this.routes) {
      const params = matchSegments(route.segments, segments);
      if (!params) continue;
      if (route.method === method.toUpperCase()) return { kind: 'found', handler: route.handler, params };
      allowed.push(route.method);
    }
    return allowed.length > 0 ? { kind: 'method-not-allowed', allowed } : { kind: 'not-found' };
  }
}

/** A trailing slash is ignored; segments are percent-decoded. */
function split(path: string): string[] {
  return path.split('?')[0].split('/').filter((s) => s !== '');
}

function matchSegments(pattern: string[], segments: string[]): Record<string, string> | undefined {
  if (pattern.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i];
    if (p.startsWith('{') && p.endsWith('}')) {
      params[p.slice(1, -1)] = decode(segments[i]);
    } else if (p !== segments[i]) {
      return undefined;
    }
  }
  return params;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** A router of the declared routes, each with the handler of its name (a missing handler is a compile error). */
export function routerFor<N extends string, H>(routes: ReadonlyArray<RouteDeclaration<N>>, handlers: Record<N, H>): Router<H> {
  return routes.reduce((router, r) => router.add(r.method, r.path, handlers[r.name]), new Router<H>());
}
