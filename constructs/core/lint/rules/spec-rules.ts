/** Resource types and properties checked against the spec (plus the installed L1 packages, see spec.ts). */
import { isRecord } from '../context';
import { intrinsicName } from '../expressions';
import { PropertySchema, resourceType } from '../spec';
import { Hit, TemplateResource } from '../types';
import { Rule } from './rule';

const unknownType: Rule = {
  id: 'FSC-SPEC1',
  severity: 'error',
  description: 'Resource type is unknown to @alicloud/ros-cdk-spec and to the installed ROS CDK L1 packages.',
  check: (ctx) =>
    Object.keys(ctx.resources).flatMap((id): Hit[] => {
      const type = ctx.resources[id]?.Type;
      if (typeof type === 'string' && resourceType(type)) return [];
      return [{
        resource: id,
        path: 'Type',
        message:
          `unknown resource type ${JSON.stringify(type)}: use a type from the ROS resource reference (e.g. ALIYUN::FC3::Function), spelled exactly.`,
      }];
    }),
};

const missingRequired: Rule = {
  id: 'FSC-SPEC2',
  severity: 'error',
  description: 'A required property of the resource type is missing.',
  check: (ctx) =>
    eachTyped(ctx.resources, (id, properties, schema) =>
      Object.entries(schema)
        .filter(([name, prop]) => prop.Required && properties[name] === undefined)
        .map(([name]) => ({ resource: id, path: `Properties.${name}`, message: `required property ${name} is missing: set it.` }))),
};

const unknownProperty: Rule = {
  id: 'FSC-SPEC3',
  severity: 'warning',
  description: 'Property unknown to the spec and the L1 packages (a warning: the spec lags what ROS accepts).',
  check: (ctx) =>
    eachTyped(ctx.resources, (id, properties, schema) =>
      Object.keys(properties)
        .filter((name) => !(name in schema))
        .map((name) => ({
          resource: id,
          path: `Properties.${name}`,
          message: `property ${name} is not known for this type: check its spelling (names are PascalCase) or that ROS supports it.`,
        }))),
};

const typeMismatch: Rule = {
  id: 'FSC-SPEC4',
  severity: 'error',
  description: 'A literal property value has the wrong primitive type (string, number, integer, boolean, list, map).',
  check: (ctx) =>
    eachTyped(ctx.resources, (id, properties, schema, inSpec) => {
      const hits: Hit[] = [];
      if (!inSpec) return hits; // L1-only types carry no property types
      for (const [name, value] of Object.entries(properties)) {
        if (schema[name]) checkType(value, schema[name], `Properties.${name}`, (path, message) => hits.push({ resource: id, path, message }));
      }
      return hits;
    }),
};

export const SPEC_RULES: readonly Rule[] = [unknownType, missingRequired, unknownProperty, typeMismatch];

type Visit = (id: string, properties: Record<string, unknown>, schema: Readonly<Record<string, PropertySchema>>, inSpec: boolean) => Hit[];

/** Runs `visit` on every resource whose type is known (unknown types are FSC-SPEC1's business). */
function eachTyped(resources: Readonly<Record<string, TemplateResource>>, visit: Visit): Hit[] {
  return Object.keys(resources).flatMap((id) => {
    const resource = resources[id];
    const info = typeof resource?.Type === 'string' ? resourceType(resource.Type) : undefined;
    if (!info) return [];
    const properties = isRecord(resource.Properties) ? resource.Properties : {};
    return visit(id, properties, info.properties, info.inSpec);
  });
}

const CHECKS: Readonly<Record<string, (v: unknown) => boolean>> = {
  string: (v) => typeof v === 'string',
  number: (v) => typeof v === 'number',
  integer: (v) => Number.isInteger(v),
  boolean: (v) => typeof v === 'boolean',
  list: Array.isArray,
  map: isRecord,
};

/** Checks literals only: an intrinsic's value is known at deploy time, not here. */
function checkType(value: unknown, schema: PropertySchema, path: string, report: (path: string, message: string) => void): void {
  if (value === null || value === undefined || intrinsicName(value) || !schema.Type) return;
  const check = CHECKS[schema.Type];
  if (check && !check(value)) {
    report(path, `expected a ${schema.Type} but found ${JSON.stringify(value).slice(0, 60)}: write the value as a ${schema.Type}.`);
    return;
  }
  const nested = schema.Schema ?? {};
  if (Array.isArray(value) && nested['*']) value.forEach((item, i) => checkType(item, nested['*'], `${path}[${i}]`, report));
  else if (isRecord(value)) {
    for (const [key, item] of Object.entries(value)) {
      const child = nested[key] ?? nested['*'];
      if (child) checkType(item, child, `${path}.${key}`, report);
    }
  }
}
