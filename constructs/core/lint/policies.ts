/** RAM policy statements as they appear in RAM::Role inline policies and RAM::ManagedPolicy documents. */
import { LintContext, isRecord } from './context';

export interface Statement {
  /** Logical id of the RAM::Role or RAM::ManagedPolicy holding the statement. */
  readonly owner: string;
  readonly path: string;
  readonly allow: boolean;
  readonly actions: readonly unknown[];
  /** `NotAction`: everything but these. */
  readonly notActions: readonly unknown[];
  readonly resources: readonly unknown[];
}

const asList = (value: unknown): unknown[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

function statementsOf(doc: unknown, owner: string, path: string): Statement[] {
  if (!isRecord(doc)) return [];
  return asList(doc.Statement).filter(isRecord).map((s, i) => ({
    owner,
    path: `${path}.Statement[${i}]`,
    allow: s.Effect === undefined || s.Effect === 'Allow',
    actions: asList(s.Action),
    notActions: asList(s.NotAction),
    resources: asList(s.Resource),
  }));
}

/** Statements of a role's inline policies. */
export function inlineStatements(ctx: LintContext, roleId: string): Statement[] {
  const policies = asList(ctx.resources[roleId]?.Properties?.Policies);
  return policies.flatMap((p, i) => (isRecord(p) ? statementsOf(p.PolicyDocument, roleId, `Properties.Policies[${i}].PolicyDocument`) : []));
}

/** Statements of a managed policy (PolicyDocumentUnchecked overrides PolicyDocument in ROS). */
export function managedStatements(ctx: LintContext, policyId: string): Statement[] {
  const props = ctx.resources[policyId]?.Properties ?? {};
  const key = props.PolicyDocumentUnchecked !== undefined ? 'PolicyDocumentUnchecked' : 'PolicyDocument';
  return statementsOf(props[key], policyId, `Properties.${key}`);
}

/** Everything a role is allowed through this template: inline policies and managed policies naming it in Roles. */
export function roleStatements(ctx: LintContext, roleId: string): Statement[] {
  const roleName = ctx.canon(ctx.resources[roleId]?.Properties?.RoleName);
  const attached = ctx.ofType('ALIYUN::RAM::ManagedPolicy')
    .filter(([, policy]) => asList(policy.Properties?.Roles).some((r) => ctx.canon(r) === roleName))
    .flatMap(([id]) => managedStatements(ctx, id));
  return [...inlineStatements(ctx, roleId), ...attached];
}
