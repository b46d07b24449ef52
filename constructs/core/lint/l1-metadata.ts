/**
 * What the installed ROS CDK L1 packages know about their resource types.
 *
 * `@alicloud/ros-cdk-spec` lags the L1 packages (no FC3 types at all, no `BlockPublicAccess` on buckets, ...),
 * so the linter asks the L1 classes themselves. They carry no machine-readable schema, so each class is
 * instantiated once in a throw-away stack and probed:
 * - attributes: the `attr*` members resolve to `Fn::GetAtt` of the template attribute name;
 * - property names: rendering `{ camelName: {Ref: marker} }` shows the template (PascalCase) key, because
 *   intrinsics pass the L1 mappers untouched;
 * - required properties: the L1 validator lists them ("x: required but missing") when rendering `{}`.
 */
import * as ros from '@alicloud/ros-cdk-core';

/** L1 packages this library builds on (peer dependencies); a missing one is skipped. */
const L1_PACKAGES = [
  '@alicloud/ros-cdk-fc3',
  '@alicloud/ros-cdk-oss',
  '@alicloud/ros-cdk-ots',
  '@alicloud/ros-cdk-ram',
  '@alicloud/ros-cdk-sls',
];

export interface L1TypeInfo {
  /** Template property name → required. */
  readonly properties: ReadonlyMap<string, boolean>;
  readonly attributes: ReadonlySet<string>;
}

/** The slice of a generated L1 class the probe uses (members are protected or untyped in the .d.ts). */
interface ProbedL1 {
  readonly rosProperties: Record<string, unknown>;
  enableResourcePropertyConstraint: boolean;
  renderProperties(props: Record<string, unknown>): Record<string, unknown>;
  readonly [attr: string]: unknown;
}
type L1Class = (new (scope: ros.Construct, id: string, props: object, check: boolean) => ProbedL1) & {
  readonly ROS_RESOURCE_TYPE_NAME?: string;
};

export function probeL1Packages(): Map<string, L1TypeInfo> {
  const stack = new ros.Stack(new ros.App(), 'LintProbe');
  const types = new Map<string, L1TypeInfo>();
  for (const pkg of L1_PACKAGES) {
    let exported: Record<string, unknown>;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- each L1 package is an optional peer: probe those installed
      exported = require(pkg);
    } catch {
      continue;
    }
    for (const [name, value] of Object.entries(exported)) {
      const cls = value as L1Class;
      if (!name.startsWith('Ros') || typeof value !== 'function' || !cls.ROS_RESOURCE_TYPE_NAME) continue;
      try {
        types.set(cls.ROS_RESOURCE_TYPE_NAME, probe(stack, name, cls));
      } catch {
        // A class that cannot be probed just leaves its type to the spec (or unchecked).
      }
    }
  }
  return types;
}

function probe(stack: ros.Stack, name: string, cls: L1Class): L1TypeInfo {
  const l1 = new cls(stack, name, {}, false);
  const attributes = new Set<string>();
  for (const key of Object.keys(l1).filter((k) => k.startsWith('attr'))) {
    const getAtt = stack.resolve(l1[key]) as { 'Fn::GetAtt'?: [string, string] };
    if (getAtt['Fn::GetAtt']) attributes.add(getAtt['Fn::GetAtt'][1]);
  }

  const markers: Record<string, unknown> = {};
  for (const camel of Object.keys(l1.rosProperties)) markers[camel] = { Ref: camel };
  const rendered = l1.renderProperties(markers);
  const templateName = new Map<string, string>();
  for (const [pascal, value] of Object.entries(rendered)) {
    const marker = value as { Ref?: string } | undefined;
    if (marker?.Ref) templateName.set(marker.Ref, pascal);
  }

  const required = new Set<string>();
  l1.enableResourcePropertyConstraint = true;
  try {
    l1.renderProperties({});
  } catch (e) {
    for (const m of String((e as Error).message).matchAll(/^\s*(\w+): required but missing$/gm)) required.add(m[1]);
  }

  const properties = new Map<string, boolean>();
  for (const [camel, pascal] of templateName) properties.set(pascal, required.has(camel));
  return { properties, attributes };
}
