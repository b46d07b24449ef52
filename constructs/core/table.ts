import * as ros from '@alicloud/ros-cdk-core';
import * as ots from '@alicloud/ros-cdk-ots';
import { childId, NAME_RULES, physicalName } from './naming';
import { Validator } from './validation';

/** A Table Store instance the user already has. */
export interface TableStoreRef {
  readonly instanceName: string;
  /** e.g. https://my-instance.cn-hangzhou.ots.aliyuncs.com */
  readonly endpoint: string;
}

/** A Table Store table the user already has. */
export interface TableRef extends TableStoreRef {
  readonly tableName: string;
}

export interface TableStoreProps {
  /** @default generated from the stack and pattern (3-16 characters) */
  readonly instanceName?: string;
}

export interface TableProps extends TableStoreProps {
  readonly tableName?: string;
  /** Days rows live before Table Store deletes them; -1 keeps them forever. @default -1 */
  readonly retentionDays?: number;
}

export interface KeyColumn {
  readonly name: string;
  readonly type: 'STRING' | 'INTEGER' | 'BINARY';
}

/** A Table Store instance holding the tables of one pattern, one version per cell. */
export class TableStore extends ros.Construct implements TableStoreRef {
  readonly instance: ots.RosInstance;
  readonly instanceName: string;
  readonly endpoint: string;
  readonly tables: Record<string, ots.RosTable> = {};

  constructor(scope: ros.Construct, id: string, props: TableStoreProps & { purpose: string }, private readonly validator: Validator, private readonly prop: string) {
    super(scope, id);
    this.instanceName = physicalName(scope, validator, `${prop}.instanceName`, 'otsInstance', props.purpose, props.instanceName);
    this.instance = new ots.RosInstance(this, childId(id, 'Instance'), { instanceName: this.instanceName, clusterType: 'SSD', description: 'Pattern state' }, true);
    this.endpoint = ros.Token.asString(this.instance.attrPublicEndpoint);
  }

  /** Adds a table; returns its name as a token, so users of it wait for the table to exist. */
  addTable(part: string, tableName: string, primaryKey: readonly KeyColumn[], retentionDays?: number): string {
    const { prop, validator } = this;
    validator.matches(`${prop}.tableName`, tableName, NAME_RULES.otsTable.pattern, NAME_RULES.otsTable.rule);
    if (retentionDays !== undefined && retentionDays !== -1) validator.integer(`${prop}.retentionDays`, retentionDays, 1, 36500);
    const table = new ots.RosTable(
      this,
      childId(this.node.id, part),
      {
        instanceName: this.instance.attrInstanceName,
        tableName,
        primaryKey: [...primaryKey],
        maxVersions: 1,
        timeToLive: retentionDays === undefined || retentionDays === -1 ? -1 : retentionDays * 86400,
      },
      true,
    );
    this.tables[tableName] = table;
    return ros.Token.asString(table.attrTableName);
  }
}

/** A Table Store instance with one table in it. */
export class Table extends TableStore implements TableRef {
  readonly table: ots.RosTable;
  readonly tableName: string;

  constructor(scope: ros.Construct, id: string, props: TableProps & { purpose: string; primaryKey: KeyColumn[] }, validator: Validator, prop: string) {
    super(scope, id, props, validator, prop);
    // Tables are scoped to their instance, which is already unique: the purpose is name enough.
    const name = props.tableName ?? props.purpose;
    this.tableName = this.addTable('Table', name, props.primaryKey, props.retentionDays);
    this.table = this.tables[name];
  }
}
