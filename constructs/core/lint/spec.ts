/**
 * The resource type catalogue: `@alicloud/ros-cdk-spec` merged with what the installed L1 packages know and the few
 * types we wrote from the ROS reference (documented-types.ts).
 *
 * Loaded lazily, once per process, on the first lint: the spec file is 2.3 MB of JSON (about 25 ms to read and
 * parse) and probing the L1 classes takes about 10 ms (about 55 ms when the L1 packages are not yet loaded).
 */
import { readFileSync } from 'fs';
import { DOCUMENTED_TYPES } from './documented-types';
import { L1TypeInfo, probeL1Packages } from './l1-metadata';

/** One property in the spec. `Type` is absent for properties only an L1 package knows. */
export interface PropertySchema {
  readonly Type?: 'string' | 'boolean' | 'integer' | 'number' | 'list' | 'map';
  readonly Required?: boolean;
  /** Nested properties of a map, or `*` for list items / map values. */
  readonly Schema?: Readonly<Record<string, PropertySchema>>;
}

export interface ResourceTypeInfo {
  readonly properties: Readonly<Record<string, PropertySchema>>;
  readonly attributes: ReadonlySet<string>;
  /** False for types only an L1 package knows (e.g. ALIYUN::FC3::*): their properties carry no types. */
  readonly inSpec: boolean;
}

interface SpecResourceType {
  readonly Properties?: Record<string, PropertySchema>;
  readonly Attributes?: Record<string, unknown>;
}

let catalog: ReadonlyMap<string, ResourceTypeInfo> | undefined;

export function resourceType(type: string): ResourceTypeInfo | undefined {
  catalog ??= loadCatalog();
  return catalog.get(type);
}

function loadCatalog(): Map<string, ResourceTypeInfo> {
  // specification_origin.json has nested schemas inline; read as a file so tsc never types 2 MB of JSON.
  const file = require.resolve('@alicloud/ros-cdk-spec/spec/specification_origin.json');
  const spec = JSON.parse(readFileSync(file, 'utf8')) as { ResourceTypes: Record<string, SpecResourceType> };
  const l1 = probeL1Packages();
  const result = new Map<string, ResourceTypeInfo>();
  for (const [type, def] of Object.entries(spec.ResourceTypes)) result.set(type, fromSpec(def, l1.get(type)));
  for (const [type, info] of l1) if (!result.has(type)) result.set(type, fromL1(info));
  for (const [type, doc] of Object.entries(DOCUMENTED_TYPES)) {
    if (!result.has(type)) result.set(type, { properties: doc.properties, attributes: new Set(doc.attributes), inSpec: true });
  }
  return result;
}

function fromSpec(def: SpecResourceType, l1: L1TypeInfo | undefined): ResourceTypeInfo {
  const properties: Record<string, PropertySchema> = { ...def.Properties };
  const attributes = new Set(Object.keys(def.Attributes ?? {}));
  // The L1 package is newer: its extra properties and attributes exist in ROS today.
  for (const name of l1?.properties.keys() ?? []) properties[name] ??= { Required: false };
  for (const name of l1?.attributes ?? []) attributes.add(name);
  return { properties, attributes, inSpec: true };
}

function fromL1(info: L1TypeInfo): ResourceTypeInfo {
  const properties: Record<string, PropertySchema> = {};
  for (const [name, required] of info.properties) properties[name] = { Required: required };
  return { properties, attributes: info.attributes, inSpec: false };
}
