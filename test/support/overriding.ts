/**
 * A copy of a port adapter with some methods replaced, keeping its class's other methods (a spread
 * `{ ...store, getRow }` would drop them, since methods live on the prototype).
 */
export function overriding<T extends object>(base: T, overrides: Partial<T>): T {
  return Object.assign(Object.create(Object.getPrototypeOf(base)) as T, base, overrides);
}
