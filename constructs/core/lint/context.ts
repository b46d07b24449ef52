/** What every rule gets: the template plus lookups that several rules share. */
import { normalise } from './expressions';
import { Template, TemplateResource } from './types';

export interface LintContext {
  readonly template: Template;
  readonly templateName: string;
  readonly resources: Readonly<Record<string, TemplateResource>>;
  readonly parameters: ReadonlySet<string>;
  /** Resources of one type, sorted by logical id. */
  ofType(type: string): ReadonlyArray<readonly [string, TemplateResource]>;
  /** Canonical symbolic string of an expression (see `normalise`). */
  canon(value: unknown): string;
  /** Logical id of the FC3 function that a `FunctionName` expression names, if it is in this template. */
  functionNamed(value: unknown): string | undefined;
}

export function createContext(template: Template, templateName = 'template'): LintContext {
  const resources = isRecord(template.Resources) ? (template.Resources as Record<string, TemplateResource>) : {};
  const parameters = new Set(isRecord(template.Parameters) ? Object.keys(template.Parameters) : []);
  const canon = (value: unknown) => normalise(value, resources);
  const ofType = (type: string) =>
    Object.keys(resources).sort().filter((id) => resources[id]?.Type === type).map((id) => [id, resources[id]] as const);

  // A function is named by its FunctionName (literal or expression), `Ref` to it, or `GetAtt` of any attribute.
  const functionByName = new Map<string, string>();
  for (const [id, fn] of ofType('ALIYUN::FC3::Function')) {
    functionByName.set(canon(fn.Properties?.FunctionName), id);
    functionByName.set(`{Ref:${id}}`, id);
  }
  const functionNamed = (value: unknown) => functionByName.get(canon(value));

  return { template, templateName, resources, parameters, ofType, canon, functionNamed };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}
