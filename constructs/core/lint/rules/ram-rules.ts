/** Least privilege for RAM: no wildcard actions, no FullAccess/Administrator system policies. */
import { LintContext } from '../context';
import { Statement, inlineStatements, managedStatements } from '../policies';
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

const wildcardAction: Rule = {
  id: 'FSC-RAM1',
  severity: 'error',
  description: 'RAM policy allows a wildcard action ("*" or "service:*"), or a role attaches a FullAccess system policy.',
  check: (ctx) => {
    const hits: Hit[] = allStatements(ctx)
      .filter((s) => s.allow)
      .flatMap((s) => s.actions.filter(isWildcardAction).map((action) => ({
        resource: s.owner,
        path: `${s.path}.Action`,
        message: `allows wildcard action "${action}": list the specific actions the code calls (e.g. oss:GetObject).`,
      })));
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

export const RAM_RULES: readonly Rule[] = [wildcardAction];
