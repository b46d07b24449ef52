/**
 * Suppressions: a resource opts out of a rule in its template Metadata, with a reason a reviewer can read:
 * `"Metadata": { "fc-solution-constructs:suppressions": [{ "id": "FSC-OSS1", "reason": "..." }] }`.
 */
import * as ros from '@alicloud/ros-cdk-core';
import { LintContext, isRecord } from './context';
import { Hit } from './types';
import { Rule } from './rules/rule';

export const SUPPRESSIONS_KEY = 'fc-solution-constructs:suppressions';
export const MIN_REASON_LENGTH = 10;

interface Suppression {
  readonly id: string;
  readonly reason: string;
}

const validReason = (reason: unknown): reason is string => typeof reason === 'string' && reason.trim().length >= MIN_REASON_LENGTH;

/** Adds a suppression of `ruleId` to an L1 resource's Metadata; reason is required (at least 10 characters). */
export function suppress(resource: ros.RosResource, ruleId: string, reason: string): void {
  if (!ruleId || !validReason(reason)) {
    throw new Error(
      `suppress(${resource.logicalId}, ${JSON.stringify(ruleId)}): reason ${JSON.stringify(reason)} is not accepted; ` +
        `give a rule id and a reason of at least ${MIN_REASON_LENGTH} characters saying why the rule does not apply.`,
    );
  }
  // addMetaData replaces the whole key, so merge with what is there (one entry per rule id).
  const existing = resource.rosOptions.metadata?.[SUPPRESSIONS_KEY];
  const others = (Array.isArray(existing) ? (existing as Suppression[]) : []).filter((s) => s.id !== ruleId);
  resource.addMetaData(SUPPRESSIONS_KEY, [...others, { id: ruleId, reason: reason.trim() }]);
}

function entries(ctx: LintContext, id: string): unknown[] | undefined {
  const metadata = ctx.resources[id]?.Metadata;
  if (!isRecord(metadata) || metadata[SUPPRESSIONS_KEY] === undefined) return undefined;
  const value = metadata[SUPPRESSIONS_KEY];
  return Array.isArray(value) ? value : [value];
}

/** Rule ids each resource validly suppresses; entries without a reason suppress nothing. */
export function suppressedRules(ctx: LintContext): Map<string, Set<string>> {
  const result = new Map<string, Set<string>>();
  for (const id of Object.keys(ctx.resources)) {
    const valid = (entries(ctx, id) ?? []).filter((s): s is Suppression => isRecord(s) && typeof s.id === 'string' && validReason(s.reason));
    if (valid.length) result.set(id, new Set(valid.map((s) => s.id)));
  }
  return result;
}

/** FSC-SUP1 cannot itself be suppressed. */
export const SUPPRESSION_RULE: Rule = {
  id: 'FSC-SUP1',
  severity: 'error',
  description: `Suppression in resource Metadata without a rule id or a reason of at least ${MIN_REASON_LENGTH} characters.`,
  check: (ctx) =>
    Object.keys(ctx.resources).sort().flatMap((id) =>
      (entries(ctx, id) ?? []).flatMap((s, i): Hit[] => {
        if (isRecord(s) && typeof s.id === 'string' && validReason(s.reason)) return [];
        return [{
          resource: id,
          path: `Metadata.${SUPPRESSIONS_KEY}[${i}]`,
          message:
            `suppression ${JSON.stringify(s)} needs an "id" and a "reason" of at least ${MIN_REASON_LENGTH} characters; ` +
            `it suppresses nothing until it has them.`,
        }];
      })),
};
