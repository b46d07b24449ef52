/** Least privilege for RAM: no wildcard actions, no FullAccess/Administrator system policies, only actions that exist. */
import { LintContext } from '../context';
import { globMatches } from '../expressions';
import { Statement, inlineStatements, managedStatements } from '../policies';
import { AUTHORIZED_BY, COMPLETE_ACTION_LISTS, RAM_ACTIONS } from '../ram-actions';
import { Hit } from '../types';
import { Rule } from './rule';

/** `*` or `service:*`. Wildcard resources are not flagged: some services (Mobile Push `mpush:`) only accept `*`. */
const isWildcardAction = (action: unknown) => typeof action === 'string' && /^(\*|[\w-]+:\*)$/.test(action.trim());

/** System policies granting a whole service (or everything). */
const isBroadSystemPolicy = (name: unknown) => typeof name === 'string' && (/FullAccess$/i.test(name) || name === 'AdministratorAccess');

function allStatements(ctx: LintContext): Statement[] {
  return [
    ...ctx.ofType('ALIYUN::RAM::Role').flatMap(([id]) => inlineStatements(ctx, id)),
    ...ctx.ofType('ALIYUN::RAM::ManagedPolicy').flatMap(([id]) => managedStatements(ctx, id)),
  ];
}

/** `oss:Get*`: a pattern over a service's actions (which `isWildcardAction` leaves to the resource check). */
const isPartialWildcard = (action: unknown) => typeof action === 'string' && action.includes('*') && !isWildcardAction(action);
const onEverything = (s: Statement) => s.resources.some((r) => typeof r === 'string' && r.trim() === '*');

const wildcardAction: Rule = {
  id: 'FSC-RAM1',
  severity: 'error',
  description:
    'RAM policy allows a wildcard action ("*", "service:*", or "service:Get*" on all resources), an Allow with NotAction, ' +
    'or a role gets a FullAccess / AdministratorAccess system policy.',
  check: (ctx) => {
    const allowed = allStatements(ctx).filter((s) => s.allow);
    const hits: Hit[] = allowed.flatMap((s) => [
      ...s.actions.filter(isWildcardAction).map((action) => ({
        resource: s.owner,
        path: `${s.path}.Action`,
        message: `allows wildcard action "${action}": list the specific actions the code calls (e.g. oss:GetObject).`,
      })),
      ...(onEverything(s) ? s.actions.filter(isPartialWildcard) : []).map((action) => ({
        resource: s.owner,
        path: `${s.path}.Action`,
        message: `allows "${action}" on every resource ("*"): list the actions the code calls, or scope the resource.`,
      })),
      ...(s.notActions.length > 0
        ? [{
            resource: s.owner,
            path: `${s.path}.NotAction`,
            message: 'allows everything but its NotAction list, including actions that do not exist yet: list the allowed actions instead.',
          }]
        : []),
    ]);
    // A system policy attached by a resource of its own (ALIYUN::RAM::AttachPolicyToRole / ToUser / ToGroup).
    for (const type of ['ALIYUN::RAM::AttachPolicyToRole', 'ALIYUN::RAM::AttachPolicyToUser', 'ALIYUN::RAM::AttachPolicyToGroup']) {
      for (const [id, attach] of ctx.ofType(type)) {
        const { PolicyName: name, PolicyType: kind } = attach.Properties ?? {};
        if (kind === 'System' && isBroadSystemPolicy(name)) {
          hits.push({
            resource: id,
            path: 'Properties.PolicyName',
            message: `attaches system policy "${String(name)}": replace it with an inline policy scoped to the resources used.`,
          });
        }
      }
    }
    for (const [id, role] of ctx.ofType('ALIYUN::RAM::Role')) {
      const attachments = role.Properties?.PolicyAttachments as { System?: unknown } | undefined;
      const system = Array.isArray(attachments?.System) ? attachments.System : [];
      for (const name of system.filter(isBroadSystemPolicy)) {
        hits.push({
          resource: id,
          path: 'Properties.PolicyAttachments.System',
          message: `attaches system policy "${name}": replace it with an inline policy scoped to the resources the function uses.`,
        });
      }
    }
    return hits;
  },
};

/** Why `action` is not a documented action of its service, or undefined if it is (or its service is not one we know). */
function unknownActionProblem(action: string): string | undefined {
  const [service, operation] = action.split(/:(.*)/s).map((part) => part.trim());
  const known = RAM_ACTIONS[service.toLowerCase()];
  if (!known || operation === undefined || isWildcardAction(action)) return undefined;
  // Case-insensitive, so a casing difference alone is never reported as a missing action.
  const matches = (name: string) => globMatches(operation.toLowerCase(), name.toLowerCase());
  if (known.some(matches)) return undefined;
  if (operation.includes('*')) return `matches no documented ${service} RAM action`;
  const authorizedBy = Object.entries(AUTHORIZED_BY[service.toLowerCase()] ?? {}).find(([op]) => op.toLowerCase() === operation.toLowerCase())?.[1];
  if (authorizedBy) return `is not a RAM action: the ${operation} operation is authorized by ${authorizedBy}`;
  return `is not a documented ${service} RAM action (check the spelling and case of the operation name)`;
}

/** Unknown actions of the services whose lists are complete (`complete`) or partial (the others). */
function unknownActionHits(ctx: LintContext, complete: boolean): Hit[] {
  return allStatements(ctx).flatMap((s) =>
    s.actions.flatMap((action): Hit[] => {
      if (typeof action !== 'string' || COMPLETE_ACTION_LISTS.has(action.split(':')[0].trim().toLowerCase()) !== complete) return [];
      const problem = unknownActionProblem(action);
      if (!problem) return [];
      return [{
        resource: s.owner,
        path: `${s.path}.Action`,
        message: `action "${action}" ${problem}: no API call is authorized by it, so the statement does nothing for it. `
          + (complete ? '' : 'This service\'s list in constructs/core/lint/ram-actions may be incomplete: ')
          + 'if the action is real, suppress the rule with its documentation URL.',
      }];
    }));
}

const unknownAction: Rule = {
  id: 'FSC-RAM2',
  severity: 'error',
  description: `RAM policy names an action that is not in the documented action list of its service (${[...COMPLETE_ACTION_LISTS].join(', ')}).`,
  check: (ctx) => unknownActionHits(ctx, true),
};

const unlistedAction: Rule = {
  id: 'FSC-RAM3',
  severity: 'warning',
  description:
    `RAM policy names an action missing from our partial list of its service ` +
    `(${Object.keys(RAM_ACTIONS).filter((s) => !COMPLETE_ACTION_LISTS.has(s)).join(', ')}).`,
  check: (ctx) => unknownActionHits(ctx, false),
};

export const RAM_RULES: readonly Rule[] = [wildcardAction, unknownAction, unlistedAction];
