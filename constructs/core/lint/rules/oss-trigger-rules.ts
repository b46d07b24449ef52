/** OSS triggers that FC rejects (overlapping filters) or that loop forever (function writes where it is triggered). */
import { LintContext } from '../context';
import { globMatches, globsIntersect } from '../expressions';
import { roleStatements } from '../policies';
import { OssTrigger, ossTriggers, roleOf, splitArn } from '../triggers';
import { Hit } from '../types';
import { Rule } from './rule';

const overlapping = (a: OssTrigger, b: OssTrigger) =>
  a.events.some((x) => b.events.some((y) => globsIntersect(x, y))) &&
  (a.prefix.startsWith(b.prefix) || b.prefix.startsWith(a.prefix)) &&
  (a.suffix.endsWith(b.suffix) || b.suffix.endsWith(a.suffix));

const overlappingFilters: Rule = {
  id: 'FSC-OSS3',
  severity: 'error',
  description: 'Two OSS triggers on one bucket have overlapping events, prefixes and suffixes (FC rejects the second).',
  check: (ctx) => {
    const triggers = ossTriggers(ctx);
    const hits: Hit[] = [];
    triggers.forEach((b, j) => {
      const clash = triggers.slice(0, j).find((a) => a.bucket === b.bucket && overlapping(a, b));
      if (!clash) return;
      hits.push({
        resource: b.id,
        path: 'Properties.TriggerConfig',
        message:
          `overlaps trigger ${clash.id} on bucket ${b.bucket} ` +
          `(events, prefix "${b.prefix}" vs "${clash.prefix}", suffix "${b.suffix}" vs "${clash.suffix}"); ` +
          `FC fails with "Cannot specify overlapping prefix and suffix with same event type": ` +
          `give the triggers disjoint prefixes or suffixes, or merge them.`,
      });
    });
    return hits;
  },
};

/** The first allowed statement letting `roleId` put objects matching the trigger's key range, as `action on resource`. */
function writeGrant(ctx: LintContext, roleId: string, trigger: OssTrigger): string | undefined {
  const keys = `${trigger.bucket}/${trigger.prefix}*${trigger.suffix}`;
  for (const s of roleStatements(ctx, roleId).filter((st) => st.allow)) {
    const action = s.actions.find((a) => typeof a === 'string' && globMatches(a.toLowerCase(), 'oss:putobject'));
    if (action === undefined) continue;
    const resource = s.resources.map((r) => ctx.canon(r)).find((r) => {
      if (r === '*') return true;
      const [acs, service, , , ...rest] = splitArn(r);
      return acs === 'acs' && globMatches(service ?? '', 'oss') && globsIntersect(rest.join(':'), keys);
    });
    if (resource !== undefined) return `${action} on ${resource}`;
  }
  return undefined;
}

const writesWhereTriggered: Rule = {
  id: 'FSC-OSS4',
  severity: 'error',
  description: 'Function triggered by an OSS trigger may write (oss:PutObject) into the bucket/prefix it is triggered on: infinite recursion.',
  check: (ctx) =>
    ossTriggers(ctx).flatMap((t): Hit[] => {
      const fn = t.functionId ? ctx.resources[t.functionId] : undefined;
      const roleId = fn ? roleOf(ctx, fn.Properties?.Role) : undefined;
      const grant = roleId ? writeGrant(ctx, roleId, t) : undefined;
      if (!grant) return [];
      return [{
        resource: t.id,
        path: 'Properties.TriggerConfig',
        message:
          `function ${t.functionId} is triggered on ${t.bucket}/${t.prefix}*${t.suffix} and its role ${roleId} allows ${grant}: ` +
          `every write re-triggers it. Write outputs to another prefix or bucket and scope the policy to it.`,
      }];
    }),
};

export const OSS_TRIGGER_RULES: readonly Rule[] = [overlappingFilters, writesWhereTriggered];
