/** One mismatch; `path` is a JSON path such as `$.Properties.Code.ZipFile`. */
export interface MatchFailure {
  /** Where the mismatch is, as a JSON path from the matched value. */
  readonly path: string;
  /** What the pattern wanted there, previewed. */
  readonly expected: string;
  /** What the value has there, previewed. */
  readonly actual: string;
}

const PREVIEW_CHARS = 60;

/** JSON-ish rendering cut to ~60 chars, so a base64 ZipFile cannot flood a failure message. */
export function preview(value: unknown): string {
  const text = value === undefined ? 'undefined' : value instanceof Matcher ? value.toString() : String(JSON.stringify(value));
  return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS - 3)}...` : text;
}

export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function mismatch(path: string, expected: unknown, actual: unknown): MatchFailure[] {
  return [{ path, expected: preview(expected), actual: preview(actual) }];
}

/** A pattern that decides by itself whether a value matches; nest it anywhere inside a literal pattern. */
export abstract class Matcher {
  /** Whether `value` is a matcher, not a literal pattern. */
  static isMatcher(value: unknown): value is Matcher {
    return value instanceof Matcher;
  }
  /** Empty array = match. */
  abstract test(actual: unknown, path?: string): MatchFailure[];
  /** How the matcher reads in a failure message, e.g. `Match.absent()`. */
  abstract toString(): string;
}

/** Plain values: objects are subsets when `partial`, arrays always have exact length and match element-wise. */
function matchValue(pattern: unknown, actual: unknown, path: string, partial: boolean): MatchFailure[] {
  if (Matcher.isMatcher(pattern)) return pattern.test(actual, path);
  if (Array.isArray(pattern)) {
    if (!Array.isArray(actual)) return mismatch(path, pattern, actual);
    if (actual.length !== pattern.length) {
      return [{ path, expected: `array of length ${pattern.length}`, actual: `length ${actual.length}: ${preview(actual)}` }];
    }
    return pattern.flatMap((p, i) => matchValue(p, actual[i], childPath(path, i), partial));
  }
  if (isPlainObject(pattern)) {
    if (!isPlainObject(actual)) return mismatch(path, pattern, actual);
    const failures: MatchFailure[] = [];
    if (!partial) {
      for (const key of Object.keys(actual)) {
        if (!(key in pattern)) failures.push({ path: childPath(path, key), expected: '<no such key>', actual: preview(actual[key]) });
      }
    }
    for (const [key, p] of Object.entries(pattern)) {
      const keyPath = childPath(path, key);
      if (!Object.prototype.hasOwnProperty.call(actual, key) && !Matcher.isMatcher(p)) {
        failures.push({ path: keyPath, expected: preview(p), actual: '<missing key>' });
      } else {
        failures.push(...matchValue(p, actual[key], keyPath, partial));
      }
    }
    return failures;
  }
  return Object.is(pattern, actual) ? [] : mismatch(path, pattern, actual);
}

class LiteralMatch extends Matcher {
  constructor(
    private readonly name: string,
    private readonly pattern: unknown,
    private readonly partial: boolean,
    private readonly objectsOnly = false,
  ) {
    super();
  }
  test(actual: unknown, path = '$'): MatchFailure[] {
    if (this.objectsOnly && !isPlainObject(actual)) return [{ path, expected: this.toString(), actual: preview(actual) }];
    return matchValue(this.pattern, actual, path, this.partial);
  }
  toString(): string {
    return `Match.${this.name}(${preview(this.pattern)})`;
  }
}

class ArrayWith extends Matcher {
  constructor(private readonly pattern: unknown[]) {
    super();
  }
  test(actual: unknown, path = '$'): MatchFailure[] {
    if (!Array.isArray(actual)) return [{ path, expected: this.toString(), actual: preview(actual) }];
    let next = 0;
    for (const [i, p] of this.pattern.entries()) {
      while (next < actual.length && matchValue(p, actual[next], path, true).length > 0) next++;
      if (next === actual.length) {
        return [{ path, expected: `array containing, in order, pattern[${i}] ${preview(p)}`, actual: preview(actual) }];
      }
      next++;
    }
    return [];
  }
  toString(): string {
    return `Match.arrayWith(${preview(this.pattern)})`;
  }
}

class PredicateMatch extends Matcher {
  constructor(
    private readonly label: string,
    private readonly accepts: (actual: unknown) => boolean,
  ) {
    super();
  }
  test(actual: unknown, path = '$'): MatchFailure[] {
    return this.accepts(actual) ? [] : [{ path, expected: this.label, actual: preview(actual) }];
  }
  toString(): string {
    return this.label;
  }
}

class NotMatch extends Matcher {
  constructor(private readonly pattern: unknown) {
    super();
  }
  test(actual: unknown, path = '$'): MatchFailure[] {
    return matchValue(this.pattern, actual, path, true).length === 0 ? [{ path, expected: this.toString(), actual: preview(actual) }] : [];
  }
  toString(): string {
    return `Match.not(${preview(this.pattern)})`;
  }
}

class SerializedJson extends Matcher {
  constructor(private readonly pattern: unknown) {
    super();
  }
  test(actual: unknown, path = '$'): MatchFailure[] {
    if (typeof actual !== 'string') return [{ path, expected: this.toString(), actual: preview(actual) }];
    let parsed: unknown;
    try {
      parsed = JSON.parse(actual);
    } catch {
      return [{ path, expected: `${this.toString()} (a JSON string)`, actual: preview(actual) }];
    }
    return matchValue(this.pattern, parsed, `${path}(json)`, true);
  }
  toString(): string {
    return `Match.serializedJson(${preview(this.pattern)})`;
  }
}

/**
 * Records the values it is matched against (optionally only those matching `pattern`), so a test can read a value out of
 * a template (a generated name, a function's settings) and assert on it: `capture.asString()`, `capture.next()`.
 */
export class Capture extends Matcher {
  private readonly values: unknown[] = [];
  private index = 0;

  constructor(private readonly pattern?: unknown) {
    super();
  }
  /** Captures `actual` when it matches the pattern (any defined value without one); the mismatches otherwise. */
  test(actual: unknown, path = '$'): MatchFailure[] {
    if (this.pattern !== undefined) {
      const failures = matchValue(this.pattern, actual, path, true);
      if (failures.length > 0) return failures;
    }
    if (actual === undefined) return [{ path, expected: this.toString(), actual: 'undefined' }];
    this.values.push(actual);
    return [];
  }
  /** `Capture()`, or `Capture(<pattern>)`. */
  toString(): string {
    return this.pattern === undefined ? 'Capture()' : `Capture(${preview(this.pattern)})`;
  }
  /** Moves to the next captured value; false when there is none. */
  next(): boolean {
    if (this.index + 1 >= this.values.length) return false;
    this.index++;
    return true;
  }
  /** How many values were captured. */
  get count(): number {
    return this.values.length;
  }
  /** The current captured value; throws if it is not a string (or nothing was captured). */
  asString(): string {
    return this.current('string') as string;
  }
  /** The current captured value; throws if it is not a number (or nothing was captured). */
  asNumber(): number {
    return this.current('number') as number;
  }
  /** The current captured value; throws if it is not a boolean (or nothing was captured). */
  asBoolean(): boolean {
    return this.current('boolean') as boolean;
  }
  /** The current captured value; throws if it is not an array (or nothing was captured). */
  asArray(): unknown[] {
    const value = this.current('array');
    return value as unknown[];
  }
  /** The current captured value; throws if it is not an object (null and arrays are not; or nothing was captured). */
  asObject(): Record<string, unknown> {
    return this.current('object') as Record<string, unknown>;
  }
  private current(kind: 'string' | 'number' | 'boolean' | 'array' | 'object'): unknown {
    if (this.values.length === 0) throw new Error(`${this.toString()} captured nothing: was it used in a matching assertion?`);
    const value = this.values[this.index];
    const actual = Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
    if (actual !== kind) throw new Error(`${this.toString()} captured ${preview(value)}, a ${actual}, not a ${kind}`);
    return value;
  }
}

export const Match = {
  /** Subset match of object keys, recursively (the default for plain objects in patterns). */
  objectLike: (pattern: Record<string, unknown>): Matcher => new LiteralMatch('objectLike', pattern, true, true),
  /** Exactly these keys, at this level and in nested literal objects. */
  objectEquals: (pattern: Record<string, unknown>): Matcher => new LiteralMatch('objectEquals', pattern, false, true),
  /** Deep equality of any value; nested matchers still apply. */
  exact: (pattern: unknown): Matcher => new LiteralMatch('exact', pattern, false),
  /** The array contains elements matching `pattern`, in that order, possibly with others in between; elements match like objectLike. */
  arrayWith: (pattern: unknown[]): Matcher => new ArrayWith(pattern),
  /** The key must not be present. */
  absent: (): Matcher => new PredicateMatch('Match.absent()', (actual) => actual === undefined),
  /** Any value except null/undefined. */
  anyValue: (): Matcher => new PredicateMatch('Match.anyValue()', (actual) => actual !== undefined && actual !== null),
  /** Matches when `pattern` does not (plain objects in it match as subsets). */
  not: (pattern: unknown): Matcher => new NotMatch(pattern),
  /** The array equals `pattern` exactly: its length, and each element deeply (nested matchers still apply). */
  arrayEquals: (pattern: unknown[]): Matcher => new LiteralMatch('arrayEquals', pattern, false),
  /** A string holding JSON whose parsed value matches `pattern` (the functions' settings are JSON in an environment variable). */
  serializedJson: (pattern: unknown): Matcher => new SerializedJson(pattern),
  /** A string that `re` matches somewhere (a string `re` is a regular expression's source). */
  stringLikeRegexp: (re: string | RegExp): Matcher => {
    const regexp = typeof re === 'string' ? new RegExp(re) : re;
    return new PredicateMatch(`Match.stringLikeRegexp(${regexp})`, (actual) => {
      regexp.lastIndex = 0; // a /g or /y regexp is stateful across test() calls
      return typeof actual === 'string' && regexp.test(actual);
    });
  },
};
