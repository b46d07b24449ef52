import * as ros from '@alicloud/ros-cdk-core';
import { Match, MatchFailure, Matcher } from './match';
import { maskZipFiles } from './snapshot-serializer';
import { synthesizeStack } from './synth';

/** One resource of a template, as synthesized. */
export interface ResourceJson {
  /** The ROS resource type, e.g. `ALIYUN::FC3::Function`. */
  readonly Type: string;
  /** The resource's properties, in the template's PascalCase. */
  readonly Properties?: Record<string, unknown>;
  readonly [key: string]: unknown;
}

/** A ROS template, as synthesized. */
export interface TemplateJson {
  /** The template format version, e.g. `2015-09-01`. */
  readonly ROSTemplateFormatVersion?: string;
  /** Resources by logical id. */
  readonly Resources?: Record<string, ResourceJson>;
  /** Outputs by logical id. */
  readonly Outputs?: Record<string, unknown>;
  readonly [key: string]: unknown;
}

type Candidate = readonly [id: string, value: unknown];

function jsonCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value));
}

function asMatcher(pattern: unknown): Matcher {
  return Matcher.isMatcher(pattern) ? pattern : Match.objectLike(pattern as Record<string, unknown>);
}

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** Options of `Template.findResources`. */
export interface FindResourcesOptions {
  /**
   * Replace each inline code zip (`Code.ZipFile`) with a short summary of the files it holds.
   * @default false
   */
  readonly maskZipFiles?: boolean;
}

/** A synthesized ROS template with assertion helpers, in the spirit of aws-cdk-lib/assertions. */
export class Template {
  /** The stack's template as the stack is now (its app synthesized again: a resource or stack added later is in it). */
  static fromStack(stack: ros.Stack): Template {
    return new Template(synthesizeStack(stack).template as TemplateJson);
  }

  /** A template from its parsed JSON (e.g. a cdk.out/*.template.json file), deep-copied. */
  static fromJSON(template: Record<string, unknown>): Template {
    return new Template(template as TemplateJson);
  }

  private readonly template: TemplateJson;

  private constructor(template: TemplateJson) {
    this.template = jsonCopy(template);
  }

  /** Deep copy as synthesized, inline code included (what `lintTemplate(template)` lints). */
  unmaskedJSON(): TemplateJson {
    return jsonCopy(this.template);
  }

  /** Deep copy with inline code zips masked, ready for `toMatchSnapshot()`. */
  toJSON(): TemplateJson {
    return maskZipFiles(this.template);
  }

  /** Throws unless the template has exactly `count` resources of `type`. */
  resourceCountIs(type: string, count: number): void {
    const actual = this.resourcesOfType(type).length;
    if (actual !== count) throw new Error(`Expected ${plural(count, 'resource')} of type ${type}, found ${actual}`);
  }

  /** Some resource of `type` has Properties matching `props` (plain objects match as subsets). */
  hasResourceProperties(type: string, props: unknown): void {
    const candidates = this.resourcesOfType(type).map(([id, r]) => [id, r.Properties ?? {}] as const);
    this.assertAnyMatches(`a resource of type ${type} with matching properties`, this.describeResources(type), candidates, props, '$.Properties');
  }

  /** Like hasResourceProperties, but matched against the whole resource (Type, Properties, DependsOn, Metadata...). */
  hasResource(type: string, resource: unknown): void {
    const candidates = this.resourcesOfType(type);
    this.assertAnyMatches(`a resource of type ${type} matching`, this.describeResources(type), candidates, resource, '$');
  }

  /**
   * The resources of `type` whose Properties match `props` (all of them without it), by logical id, as copies.
   * `{ maskZipFiles: true }` masks their inline code zips, as `toJSON()` does, for a snapshot of a few resources.
   */
  findResources(type: string, props?: unknown, options: FindResourcesOptions = {}): Record<string, ResourceJson> {
    const found: Record<string, ResourceJson> = {};
    for (const [id, r] of this.resourcesOfType(type)) {
      if (props === undefined || asMatcher(props).test(r.Properties ?? {}).length === 0) found[id] = jsonCopy(r);
    }
    return options.maskZipFiles ? maskZipFiles(found) : found;
  }

  /** The whole template matches `pattern` (plain objects as subsets). */
  templateMatches(pattern: unknown): void {
    this.assertAnyMatches('the template to match', 'the template', [['template', this.template]], pattern, '$');
  }

  /** Every resource of `type` (at least one) has Properties matching `props`. */
  allResourcesProperties(type: string, props: unknown): void {
    const resources = this.resourcesOfType(type);
    if (resources.length === 0) throw new Error(`Expected resources of type ${type}, but found ${this.describeResources(type)}`);
    for (const [id, r] of resources)
      this.assertAnyMatches(`every resource of type ${type} to match`, `"${id}"`, [[id, r.Properties ?? {}]], props, '$.Properties');
  }

  /** Exactly `count` resources of `type` have Properties matching `props`. */
  resourcePropertiesCountIs(type: string, props: unknown, count: number): void {
    const actual = Object.keys(this.findResources(type, props)).length;
    if (actual !== count) throw new Error(`Expected ${plural(count, 'resource')} of type ${type} with matching properties, found ${actual}`);
  }

  /** Outputs whose logical id is `id` (or any, with '*') matching `props`. */
  findOutputs(id: string, props?: unknown): Record<string, unknown> {
    return this.findIn(this.template.Outputs, id, props);
  }

  /** Parameters whose logical id is `id` (or any, with '*') matching `props`. */
  findParameters(id: string, props?: unknown): Record<string, unknown> {
    return this.findIn(this.template.Parameters as Record<string, unknown> | undefined, id, props);
  }

  /** Throws unless parameter `id` (or any, with '*') matches `parameter` (plain objects as subsets). */
  hasParameter(id: string, parameter: unknown): void {
    const parameters = (this.template.Parameters ?? {}) as Record<string, unknown>;
    const candidates: Candidate[] = id === '*' ? Object.entries(parameters) : id in parameters ? [[id, parameters[id]]] : [];
    const found = candidates.length
      ? `parameter "${id}"`
      : `no parameter "${id}" (parameters present: ${Object.keys(parameters).join(', ') || 'none'})`;
    this.assertAnyMatches(`parameter "${id}" matching`, found, candidates, parameter, '$');
  }

  /** Throws unless output `id` matches `output` (plain objects as subsets). */
  hasOutput(id: string, output: unknown): void {
    const outputs = this.template.Outputs ?? {};
    const candidates: Candidate[] = id in outputs ? [[id, outputs[id]]] : [];
    const found = candidates.length ? `output "${id}"` : `no output "${id}" (outputs present: ${Object.keys(outputs).join(', ') || 'none'})`;
    this.assertAnyMatches(`output "${id}" matching`, found, candidates, output, '$');
  }

  private findIn(section: Record<string, unknown> | undefined, id: string, props?: unknown): Record<string, unknown> {
    const found: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(section ?? {})) {
      if (id !== '*' && key !== id) continue;
      if (props === undefined || asMatcher(props).test(value).length === 0) found[key] = jsonCopy(value);
    }
    return found;
  }

  private resourcesOfType(type: string): [string, ResourceJson][] {
    return Object.entries(this.template.Resources ?? {}).filter(([, r]) => r.Type === type);
  }

  private describeResources(type: string): string {
    const count = this.resourcesOfType(type).length;
    if (count > 0) return `${plural(count, 'resource')} of type ${type}`;
    const types = [...new Set(Object.values(this.template.Resources ?? {}).map((r) => r.Type))];
    return `no resource of type ${type} (types present: ${types.join(', ') || 'none'})`;
  }

  private assertAnyMatches(wanted: string, found: string, candidates: readonly Candidate[], pattern: unknown, root: string): void {
    const matcher = asMatcher(pattern);
    let closest: { id: string; failures: MatchFailure[] } | undefined;
    for (const [id, value] of candidates) {
      const failures = matcher.test(value, root);
      if (failures.length === 0) return;
      if (!closest || failures.length < closest.failures.length) closest = { id, failures };
    }
    const lines = [
      `Expected ${wanted}, but found ${found}${!closest ? '' : candidates.length === 1 ? ', which does not match' : ', none matching'}.`,
    ];
    if (closest) {
      lines.push(`Closest candidate "${closest.id}" (${plural(closest.failures.length, 'mismatch', 'mismatches')}):`);
      for (const f of closest.failures) lines.push(`  ${f.path}: expected ${f.expected}, actual ${f.actual}`);
    }
    throw new Error(lines.join('\n'));
  }
}
