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

/** What holds template Metadata: an L1 resource (ROS CDK's RosResource, from whichever copy of the package). */
interface L1Like extends ros.IConstruct {
  readonly logicalId: string;
  readonly rosOptions: { metadata?: Record<string, unknown> };
  addMetaData(key: string, value: unknown): void;
}

const isL1 = (c: unknown): c is L1Like =>
  typeof c === 'object' && c !== null && 'rosOptions' in c && typeof (c as { addMetaData?: unknown }).addMetaData === 'function';

/** The L1 resource a suppression lands on: the resource itself, an L2's default child, or a construct's only L1 child. */
function l1Of(target: ros.IConstruct, ruleId: string): L1Like {
  if (isL1(target)) return target;
  const child = target.node.defaultChild;
  if (isL1(child)) return child;
  const l1s = target.node.children.filter(isL1);
  if (l1s.length === 1) return l1s[0];
  const ids = l1s.map((c) => c.node.id).join(', ') || 'none';
  throw new Error(
    `suppress(${target.node.path}, ${JSON.stringify(ruleId)}): this construct holds ${l1s.length} L1 resources (${ids}); ` +
      'pass the one the rule reports (e.g. a PatternFunction\'s .function or .role).',
  );
}

/** The rule ids of the pack. The pack imports this module, so it is read when a suppression is made, not when this loads. */
function knownRuleIds(): readonly string[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('./index') as typeof import('./index')).RULES.map((r) => r.id);
}

/**
 * Adds a suppression of `ruleId` to a resource's template Metadata: an L1, or an L2 / construct holding one L1. The rule
 * must be one of the pack's (a typo would silence nothing), and the reason at least 10 characters.
 */
export function suppress(resource: ros.IConstruct, ruleId: string, reason: string): void {
  const known = knownRuleIds();
  if (!known.includes(ruleId)) {
    const near = known.find((id) => id.toLowerCase() === String(ruleId).toLowerCase().replace(/^fsc-?/, 'fsc-'));
    throw new Error(
      `suppress(${resource.node.path}, ${JSON.stringify(ruleId)}): no such rule` +
        (near ? `; did you mean ${near}?` : `; the rules are ${known.join(', ')}`),
    );
  }
  const target = l1Of(resource, ruleId);
  if (!validReason(reason)) {
    throw new Error(
      `suppress(${target.logicalId}, ${JSON.stringify(ruleId)}): reason ${JSON.stringify(reason)} is not accepted; ` +
        `give a rule id and a reason of at least ${MIN_REASON_LENGTH} characters saying why the rule does not apply.`,
    );
  }
  // addMetaData replaces the whole key, so merge with what is there (one entry per rule id).
  const existing = target.rosOptions.metadata?.[SUPPRESSIONS_KEY];
  const others = (Array.isArray(existing) ? (existing as Suppression[]) : []).filter((s) => s.id !== ruleId);
  target.addMetaData(SUPPRESSIONS_KEY, [...others, { id: ruleId, reason: reason.trim() }]);
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
