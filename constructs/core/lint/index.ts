/**
 * Template linter: spec, reference, limit and secure-default checks on synthesized ROS templates.
 * Used by `npm run lint` on cdk.out/*.template.json and exported to users.
 */
import { createContext } from './context';
import { FC_RULES } from './rules/fc-rules';
import { LAYER_RULES } from './rules/layer-rules';
import { LIMIT_RULES } from './rules/limit-rules';
import { NAME_RULES } from './rules/name-rules';
import { OSS_BUCKET_RULES } from './rules/oss-bucket-rules';
import { OSS_TRIGGER_RULES } from './rules/oss-trigger-rules';
import { RAM_RULES } from './rules/ram-rules';
import { REFERENCE_RULES } from './rules/reference-rules';
import { Rule } from './rules/rule';
import { SPEC_RULES } from './rules/spec-rules';
import { SUPPRESSION_RULE, suppressedRules } from './suppressions';
import { Finding, LintOptions, RuleInfo, Template } from './types';

export type { Finding, LintOptions, RuleInfo, Severity } from './types';
export { suppress, SUPPRESSIONS_KEY } from './suppressions';
export { OFFICIAL_LAYERS, officialLayerArn } from './official-layers';
export type { OfficialLayer, OfficialLayerName } from './official-layers';

const ALL_RULES: readonly Rule[] = [
  ...SPEC_RULES, ...REFERENCE_RULES, ...LIMIT_RULES,
  ...OSS_BUCKET_RULES, ...OSS_TRIGGER_RULES, ...RAM_RULES, ...FC_RULES, ...LAYER_RULES, ...NAME_RULES, SUPPRESSION_RULE,
];

export const RULES: ReadonlyArray<RuleInfo> = ALL_RULES.map(({ id, severity, description }) => ({ id, severity, description }));

export interface LintResult {
  /** Findings not suppressed, sorted. */
  readonly findings: Finding[];
  /** Findings silenced by a valid suppression, sorted. */
  readonly suppressed: Finding[];
}

export function lintTemplateDetailed(given: unknown, options: LintOptions = {}): LintResult {
  // A Template of fc-solution-constructs/testing is linted as synthesized, its function code included (toJSON masks it).
  const unmasked = (given as { unmaskedJSON?: () => unknown } | null)?.unmaskedJSON;
  const template = typeof unmasked === 'function' ? unmasked.call(given) : given;
  if (!template || typeof template !== 'object' || Array.isArray(template)) {
    throw new Error(`lintTemplate: expected a parsed template object, got ${Array.isArray(template) ? 'an array' : typeof template}`);
  }
  const ctx = createContext(template as Template, options.templateName);
  const suppressions = suppressedRules(ctx);
  const result: LintResult = { findings: [], suppressed: [] };
  for (const rule of ALL_RULES) {
    for (const hit of rule.check(ctx)) {
      const finding: Finding = { ruleId: rule.id, severity: rule.severity, ...hit };
      const silenced = rule !== SUPPRESSION_RULE && hit.resource !== undefined && suppressions.get(hit.resource)?.has(rule.id);
      (silenced ? result.suppressed : result.findings).push(finding);
    }
  }
  result.findings.sort(compareFindings);
  result.suppressed.sort(compareFindings);
  return result;
}

/** Unsuppressed findings, sorted by rule id, resource, path and message. */
export function lintTemplate(template: unknown, options?: LintOptions): Finding[] {
  return lintTemplateDetailed(template, options).findings;
}

/** One line per finding: `ERROR   FSC-OSS1  Bucket (Properties.AccessControl): message`. */
export function formatFindings(findings: readonly Finding[]): string {
  return findings
    .map((f) => {
      const where = f.resource ?? '(template)';
      const path = f.path ? ` (${f.path})` : '';
      return `${f.severity.toUpperCase().padEnd(7)} ${f.ruleId.padEnd(9)} ${where}${path}: ${f.message}`;
    })
    .join('\n');
}

function compareFindings(a: Finding, b: Finding): number {
  const key = (f: Finding) => [f.ruleId, f.resource ?? '', f.path ?? '', f.message];
  const [ka, kb] = [key(a), key(b)];
  for (let i = 0; i < ka.length; i++) {
    if (ka[i] !== kb[i]) return ka[i] < kb[i] ? -1 : 1;
  }
  return 0;
}
