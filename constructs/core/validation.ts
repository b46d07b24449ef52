import * as ros from '@alicloud/ros-cdk-core';

/**
 * A prop that breaks a rule. The message names the construct, the prop, the value and the rule,
 * so a user can fix their app without reading our source.
 */
export class PropError extends Error {
  constructor(
    /** The construct instance whose prop is invalid, e.g. `MediaPipeline 'Media'`. */
    readonly construct: string,
    /** The prop's path, e.g. `transcoder.cpu`. */
    readonly prop: string,
    /** The invalid value. */
    readonly value: unknown,
    /** The rule the value breaks, in words. */
    readonly rule: string,
    /** The value is the pattern's default, not one the user set. */
    readonly isDefault = false,
  ) {
    super(`${construct}: prop '${prop}' = ${show(value)}${isDefault ? ' (the default)' : ''} is invalid: ${rule}`);
    this.name = 'PropError';
  }
}

function show(value: unknown): string {
  if (ros.Token.isUnresolved(value)) return '(token)';
  // JSON has no NaN or Infinity (it would print null).
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  const text = JSON.stringify(value);
  if (text === undefined) return String(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** Validates the props of one construct instance; every failure names that instance. */
export class Validator {
  constructor(private readonly construct: string) {}

  /** `isDefault`: the value is the pattern's default (the user set another prop it must fit with). */
  fail(prop: string, value: unknown, rule: string, isDefault = false): never {
    throw new PropError(this.construct, prop, value, rule, isDefault);
  }

  /** The props object itself (a JavaScript caller may pass none): an object, or a PropError naming what is required. */
  props<T>(props: T | undefined | null, required: string): T {
    if (typeof props !== 'object' || props === null || Array.isArray(props)) this.fail('props', props, `must be an object with at least ${required}`);
    return props;
  }

  /** Integer in [min, max], optionally a multiple of `step`. Tokens are left to deploy time. */
  integer(prop: string, value: number | undefined, min: number, max: number, step = 1): void {
    if (value === undefined || ros.Token.isUnresolved(value)) return;
    if (!Number.isInteger(value) || value < min || value > max || value % step !== 0) {
      const multiple = step > 1 ? ` and a multiple of ${step}` : '';
      this.fail(prop, value, `must be an integer from ${min} to ${max}${multiple}`);
    }
  }

  /** Number in [min, max] that is a multiple of `step` (e.g. vCPU in 0.05 steps). */
  decimal(prop: string, value: number | undefined, min: number, max: number, step: number): void {
    if (value === undefined || ros.Token.isUnresolved(value)) return;
    const steps = value / step;
    if (!Number.isFinite(value) || value < min || value > max || Math.abs(steps - Math.round(steps)) > 1e-9) {
      this.fail(prop, value, `must be from ${min} to ${max} in steps of ${step}`);
    }
  }

  /** String matching `pattern`, described in words by `rule`. Tokens are left to deploy time. */
  matches(prop: string, value: string | undefined, pattern: RegExp, rule: string): void {
    if (value === undefined || ros.Token.isUnresolved(value)) return;
    if (typeof value !== 'string' || !pattern.test(value)) this.fail(prop, value, rule);
  }

  /** One of the `allowed` values. */
  oneOf<T>(prop: string, value: T | undefined, allowed: readonly T[]): void {
    if (value === undefined) return;
    if (!allowed.includes(value)) this.fail(prop, value, `must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`);
  }

  /** The props contract: a user brings an existing resource or configures ours, never both. */
  exclusive(existingProp: string, existing: unknown, propsProp: string, props: unknown): void {
    if (existing !== undefined && props !== undefined) {
      this.fail(existingProp, '(set)', `cannot be combined with '${propsProp}': either bring an existing resource or configure a new one`);
    }
  }
}

/** The keys of `o` whose values are set, so spreading it over defaults keeps the defaults. */
export function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, value]) => value !== undefined)) as Partial<T>;
}
