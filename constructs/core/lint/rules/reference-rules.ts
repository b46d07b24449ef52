/** References inside the template: Ref, Fn::GetAtt, Fn::Sub placeholders and DependsOn must resolve. */
import { LintContext, isRecord } from '../context';
import { PSEUDO_PARAMETERS, intrinsicName, subParts, subPlaceholders, walk } from '../expressions';
import { resourceType } from '../spec';
import { Hit } from '../types';
import { Rule } from './rule';

/** Every value that can hold expressions, with the resource it belongs to. */
function expressionRoots(ctx: LintContext): Array<{ resource?: string; path: string; value: unknown }> {
  const roots: Array<{ resource?: string; path: string; value: unknown }> = [];
  for (const id of Object.keys(ctx.resources).sort()) {
    const { Properties, Condition, Count } = ctx.resources[id] ?? {};
    roots.push(
      { resource: id, path: 'Properties', value: Properties },
      { resource: id, path: 'Condition', value: Condition },
      { resource: id, path: 'Count', value: Count },
    );
  }
  roots.push({ path: 'Outputs', value: ctx.template.Outputs }, { path: 'Conditions', value: ctx.template.Conditions });
  return roots;
}

/** Runs `visit` on every intrinsic `fn` call in the template. */
function eachCall(ctx: LintContext, fn: string, visit: (args: unknown, at: { resource?: string; path: string }) => Hit[]): Hit[] {
  const hits: Hit[] = [];
  for (const root of expressionRoots(ctx)) {
    walk(root.value, root.path, (value, path) => {
      if (intrinsicName(value) === fn) hits.push(...visit((value as Record<string, unknown>)[fn], { resource: root.resource, path }));
    });
  }
  return hits;
}

function refProblem(ctx: LintContext, name: string): string | undefined {
  if (ctx.resources[name] || ctx.parameters.has(name) || PSEUDO_PARAMETERS.has(name)) return undefined;
  return `"${name}" is neither a resource, a parameter nor a pseudo parameter (ALIYUN::Region, ALIYUN::AccountId, ...)`;
}

function getAttProblem(ctx: LintContext, id: string, attr: string): string | undefined {
  const target = ctx.resources[id];
  if (!target) return `"${id}" is not a resource in this template`;
  const info = typeof target.Type === 'string' ? resourceType(target.Type) : undefined;
  if (info && !info.attributes.has(attr)) {
    const known = [...info.attributes].sort().join(', ') || 'none';
    return `${target.Type} has no attribute "${attr}" (it has: ${known})`;
  }
  return undefined;
}

const refs: Rule = {
  id: 'FSC-REF1',
  severity: 'error',
  description: 'Ref names no resource, parameter or pseudo parameter.',
  check: (ctx) =>
    eachCall(ctx, 'Ref', (name, at) => {
      const problem = refProblem(ctx, String(name));
      return problem ? [{ ...at, message: `Ref ${problem}: fix the name or add the parameter.` }] : [];
    }),
};

const getAtts: Rule = {
  id: 'FSC-REF2',
  severity: 'error',
  description: 'Fn::GetAtt names an unknown resource or an attribute its type does not have.',
  check: (ctx) =>
    eachCall(ctx, 'Fn::GetAtt', (args, at) => {
      const [id, attr] = Array.isArray(args) ? args.map(String) : String(args).split(/\.(.*)/);
      const problem = getAttProblem(ctx, id, attr);
      return problem ? [{ ...at, message: `Fn::GetAtt ${problem}: fix the logical id or attribute name.` }] : [];
    }),
};

const subs: Rule = {
  id: 'FSC-REF3',
  severity: 'error',
  description: 'Fn::Sub placeholder ${X} / ${X.Attr} resolves to nothing (write ${!X} for a literal).',
  check: (ctx) =>
    eachCall(ctx, 'Fn::Sub', (args, at) => {
      const sub = subParts(args);
      if (!sub) return [{ ...at, message: 'Fn::Sub takes a string or [string, {variables}].' }];
      return subPlaceholders(sub.body)
        .filter((name) => !(name in sub.vars))
        .flatMap((name) => {
          const dot = name.indexOf('.');
          const problem = dot > 0 ? getAttProblem(ctx, name.slice(0, dot), name.slice(dot + 1)) : refProblem(ctx, name);
          return problem
            ? [{ ...at, message: `Fn::Sub placeholder \${${name}}: ${problem}; add it to the variables map or escape it as \${!${name}}.` }]
            : [];
        });
    }),
};

const dependsOn: Rule = {
  id: 'FSC-REF4',
  severity: 'error',
  description: 'DependsOn names a resource that is not in the template.',
  check: (ctx) =>
    Object.keys(ctx.resources).sort().flatMap((id) => {
      const raw = ctx.resources[id]?.DependsOn;
      const names = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
      return names
        .filter((name) => typeof name !== 'string' || !ctx.resources[name] || name === id)
        .map((name) => ({
          resource: id,
          path: 'DependsOn',
          message: `DependsOn ${JSON.stringify(name)} is not another resource of this template: use addRosDependency(logicalId) with an existing id.`,
        }));
    }),
};

/** The resources `value` refers to: Ref, Fn::GetAtt, and Fn::Sub placeholders (not those its variables map names). */
function referencedResources(ctx: LintContext, value: unknown): Set<string> {
  const found = new Set<string>();
  walk(value, '', (v) => {
    const fn = intrinsicName(v);
    const args = fn ? (v as Record<string, unknown>)[fn] : undefined;
    if (fn === 'Ref' && ctx.resources[String(args)]) found.add(String(args));
    if (fn === 'Fn::GetAtt') {
      const id = Array.isArray(args) ? String(args[0]) : String(args).split('.')[0];
      if (ctx.resources[id]) found.add(id);
    }
    if (fn === 'Fn::Sub') {
      const sub = subParts(args);
      for (const name of sub ? subPlaceholders(sub.body).filter((n) => !(n in sub.vars)) : []) {
        const id = name.split('.')[0];
        if (ctx.resources[id]) found.add(id);
      }
    }
  });
  return found;
}

/** ROS creates a resource after everything it refers to: a cycle (a function naming itself in its own environment) never deploys. */
const cycles: Rule = {
  id: 'FSC-REF5',
  severity: 'error',
  description: 'Resources depend on each other in a cycle (through Ref, Fn::GetAtt, Fn::Sub or DependsOn).',
  check: (ctx) => {
    const edges = new Map<string, string[]>();
    for (const id of Object.keys(ctx.resources).sort()) {
      const r = ctx.resources[id] ?? {};
      const raw = r.DependsOn;
      const depends = (raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]).map(String).filter((d) => ctx.resources[d]);
      edges.set(id, [...new Set([...referencedResources(ctx, [r.Properties, r.Condition, r.Count]), ...depends])].sort());
    }
    const hits: Hit[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (id: string, path: string[]): void => {
      if (state.get(id) === 'done') return;
      if (state.get(id) === 'open') {
        const cycle = [...path.slice(path.indexOf(id)), id];
        const message = `dependency cycle ${cycle.join(' -> ')}: ROS cannot create any of them; break it (a literal name instead of Fn::GetAtt).`;
        hits.push({ resource: id, message });
        return;
      }
      state.set(id, 'open');
      for (const next of edges.get(id) ?? []) visit(next, [...path, id]);
      state.set(id, 'done');
    };
    for (const id of edges.keys()) visit(id, []);
    return hits;
  },
};

/** ROS template anatomy (https://www.alibabacloud.com/help/doc-detail/28930.htm); anything else is rejected by ROS's template validation. */
const TOP_LEVEL_KEYS = new Set([
  'ROSTemplateFormatVersion',
  'Description',
  'Conditions',
  'Mappings',
  'Parameters',
  'Resources',
  'Outputs',
  'Metadata',
  'Transform',
  'Workspace',
]);
const RESOURCE_KEYS = new Set(['Type', 'Properties', 'Metadata', 'DependsOn', 'DeletionPolicy', 'Description', 'Condition', 'Count']);

const anatomy: Rule = {
  id: 'FSC-TPL1',
  severity: 'error',
  description: 'Template or resource has a key ROS does not allow, or a logical id containing "/".',
  check: (ctx) => {
    const hits: Hit[] = Object.keys(ctx.template)
      .filter((key) => !TOP_LEVEL_KEYS.has(key))
      .sort()
      .map((key) => ({ path: key, message: `top-level key "${key}" is not allowed in a ROS template: remove it.` }));
    if (!isRecord(ctx.template.Resources)) hits.push({ path: 'Resources', message: 'the template has no Resources section.' });
    for (const id of Object.keys(ctx.resources).sort()) {
      if (id.includes('/')) hits.push({ resource: id, message: `logical id "${id}" contains "/": use a construct id without it.` });
      const resource = ctx.resources[id];
      if (!isRecord(resource)) {
        hits.push({ resource: id, message: 'a resource must be an object with a Type.' });
        continue;
      }
      for (const key of Object.keys(resource).filter((k) => !RESOURCE_KEYS.has(k)).sort()) {
        hits.push({ resource: id, path: key, message: `resource key "${key}" is not allowed (allowed: ${[...RESOURCE_KEYS].join(', ')}).` });
      }
    }
    return hits;
  },
};

export const REFERENCE_RULES: readonly Rule[] = [refs, getAtts, subs, dependsOn, cycles, anatomy];
