import * as ros from '@alicloud/ros-cdk-core';
import * as ots from '@alicloud/ros-cdk-ots';
import { childId, generatedOtsInstanceName, NAME_RULES, physicalName } from './naming';
import { Validator } from './validation';
import { ExistingTableStore, tableStoreRefOf } from './existing';

/** A Table Store instance the user already has. */
export interface TableStoreRef {
  /** Name of the Table Store instance. */
  readonly instanceName: string;
  /** e.g. https://my-instance.cn-hangzhou.ots.aliyuncs.com */
  readonly endpoint: string;
}

/** A Table Store table the user already has. */
export interface TableRef extends TableStoreRef {
  /** Name of the table in `instanceName`. */
  readonly tableName: string;
}

/**
 * Where a pattern keeps its tables. By default the patterns of a stack share one instance: an
 * account may have at most 10 instances (CreateInstance,
 * https://www.alibabacloud.com/help/en/tablestore/developer-reference/api-tablestore-2020-12-09-createinstance)
 * and one holds 64 tables (https://www.alibabacloud.com/help/en/tablestore/general-limits-of-tablestore).
 */
export interface TableStoreProps {
  /**
   * Give the pattern its own instance, with this name (3-16 characters; unique in the region across accounts).
   * @default - the stack's shared instance
   */
  readonly instanceName?: string;
  /** Give the pattern its own instance with a generated name. @default false */
  readonly separateInstance?: boolean;
}

export interface TableProps extends TableStoreProps {
  /**
   * Name of the table: letters, digits and underscores, not starting with a digit.
   *
   * @default - `<pattern id>_<table>`
   */
  readonly tableName?: string;
  /** Days rows live before Table Store deletes them; -1 keeps them forever. @default -1 */
  readonly retentionDays?: number;
}

/** A primary key column of a table. */
export interface KeyColumn {
  /** Name of the column. */
  readonly name: string;
  /** Type of the column's values. */
  readonly type: 'STRING' | 'INTEGER' | 'BINARY';
}

/** One Table Store instance (SSD, one version per cell by the tables' settings). */
export class TableStoreInstance extends ros.Construct implements TableStoreRef {
  /** The Table Store instance (SSD, reachable at its public endpoint). */
  readonly instance: ots.RosInstance;
  /** The instance's name, as its `Fn::GetAtt`: whoever uses it waits for the instance. */
  readonly instanceName: string;
  /** The instance's public endpoint, as its `Fn::GetAtt`. */
  readonly endpoint: string;

  constructor(scope: ros.Construct, id: string, instanceName: string, description: string) {
    super(scope, id);
    // The functions reach the instance at its public endpoint (they run outside a VPC): `Network: NORMAL` says so
    // explicitly. ROS documents NORMAL as the default (ALIYUN::OTS::Instance), but Tablestore's FAQ says "By default,
    // Internet access is disabled for an instance" (https://help.aliyun.com/en/tablestore/support/request-rejected-by-instance-acl-policies-exception-when-using-the-sdk-to-access-tablestore).
    this.instance = new ots.RosInstance(this, childId(id, 'Instance'), { instanceName, clusterType: 'SSD', description, network: 'NORMAL' }, true);
    // Attributes, not the literal name: whoever uses the instance then waits for it to exist.
    this.instanceName = ros.Token.asString(this.instance.attrInstanceName);
    this.endpoint = ros.Token.asString(this.instance.attrPublicEndpoint);
  }
}

/** Construct id (and logical id prefix) of the stack's shared instance. */
export const SHARED_TABLE_STORE_ID = 'FscSharedTableStore';

/** The stack's shared instance, created by the first pattern that asks for it. */
export function sharedTableStore(scope: ros.Construct): TableStoreInstance {
  const stack = ros.Stack.of(scope);
  const existing = stack.node.tryFindChild(SHARED_TABLE_STORE_ID);
  if (existing) return existing as TableStoreInstance;
  const description = 'Tables of the fc-solution-constructs patterns of this stack';
  return new TableStoreInstance(stack, SHARED_TABLE_STORE_ID, generatedOtsInstanceName(stack), description);
}

/** The instance a pattern's tables go in: the user's (nothing created), its own, or the stack's shared one. */
export function tableStoreFor(
  pattern: ros.Construct,
  existing: ExistingTableStore | undefined,
  props: TableStoreProps | undefined,
  validator: Validator,
  prop: string,
): { instance?: TableStoreInstance; ref: TableStoreRef } {
  if (existing) return { ref: tableStoreRefOf(existing) };
  const own = props?.instanceName !== undefined || props?.separateInstance === true;
  if (!own) {
    const instance = sharedTableStore(pattern);
    return { instance, ref: instance };
  }
  const name = physicalName(pattern, validator, `${prop}.instanceName`, 'otsInstance', 'state', props?.instanceName);
  const instance = new TableStoreInstance(pattern, childId(pattern.node.id, 'TableStore'), name, `Tables of ${pattern.node.path}`);
  return { instance, ref: instance };
}

/** `<pattern id>_<base>`: two patterns sharing an instance never share a table. */
export function patternTableName(pattern: ros.Construct, base: string): string {
  return `${pattern.node.id.replace(/[^A-Za-z0-9_]/g, '_').replace(/^(?=\d)/, '_')}_${base}`;
}

export interface TableSpec {
  /** Logical id part, e.g. "JobsTable". */
  readonly part: string;
  /** Name of the table. */
  readonly tableName: string;
  /** The primary key columns, in order. */
  readonly primaryKey: readonly KeyColumn[];
  /** Days rows live before Table Store deletes them; -1 or undefined keeps them forever. */
  readonly retentionDays?: number;
}

/** Per stack, the table created last in each instance (by instance name, a token for ours): the next one waits for it. */
const lastTables = new WeakMap<ros.Stack, Map<string, ots.RosTable>>();

/**
 * A table of `pattern` in `instance` (one the stack creates, or one the user has); name it through `attrTableName`,
 * so whoever uses it waits for it.
 */
export function createTable(pattern: ros.Construct, instance: TableStoreRef, spec: TableSpec, validator: Validator, prop: string): ots.RosTable {
  validator.matches(`${prop}.tableName`, spec.tableName, NAME_RULES.otsTable.pattern, NAME_RULES.otsTable.rule);
  const days = spec.retentionDays;
  if (days !== undefined && days !== -1) validator.integer(`${prop}.retentionDays`, days, 1, 36500);
  const table = new ots.RosTable(
    pattern,
    childId(pattern.node.id, spec.part),
    {
      instanceName: instance.instanceName,
      tableName: spec.tableName,
      primaryKey: [...spec.primaryKey],
      maxVersions: 1,
      timeToLive: days === undefined || days === -1 ? -1 : days * 86400,
    },
    true,
  );
  // An instance takes at most 10 table metadata operations a second (general limits, above): one
  // CreateTable at a time, however many patterns share the instance.
  const stack = ros.Stack.of(pattern);
  const last = lastTables.get(stack) ?? new Map<string, ots.RosTable>();
  lastTables.set(stack, last);
  const previous = last.get(instance.instanceName);
  if (previous) table.addRosDependency(previous.logicalId);
  last.set(instance.instanceName, table);
  return table;
}
