import * as ros from '@alicloud/ros-cdk-core';
import * as ots from '@alicloud/ros-cdk-ots';
import { childId, NAME_RULES, physicalName } from './naming';
import { Validator } from './validation';

/** A Table Store table the user already has. */
export interface TableRef {
  readonly instanceName: string;
  readonly tableName: string;
  /** e.g. https://my-instance.cn-hangzhou.ots.aliyuncs.com */
  readonly endpoint: string;
}

export interface TableProps {
  /** @default generated from the stack and pattern (3-16 characters) */
  readonly instanceName?: string;
  readonly tableName?: string;
  /** Days rows live before Table Store deletes them; -1 keeps them forever. @default -1 */
  readonly retentionDays?: number;
}

export interface KeyColumn {
  name: string;
  type: 'STRING' | 'INTEGER' | 'BINARY';
}

/** A Table Store instance and one table in it, keeping one version of each cell. */
export class Table extends ros.Construct implements TableRef {
  readonly instance: ots.RosInstance;
  readonly table: ots.RosTable;
  readonly instanceName: string;
  readonly tableName: string;
  readonly endpoint: string;

  constructor(scope: ros.Construct, id: string, props: TableProps & { purpose: string; primaryKey: KeyColumn[] }, validator: Validator, prop: string) {
    super(scope, id);
    const days = props.retentionDays;
    if (days !== undefined && days !== -1) validator.integer(`${prop}.retentionDays`, days, 1, 36500);
    const instanceName = physicalName(scope, validator, `${prop}.instanceName`, 'otsInstance', props.purpose, props.instanceName);
    // Tables are scoped to their instance, which is already unique: the purpose is name enough.
    const tableName = props.tableName ?? props.purpose;
    validator.matches(`${prop}.tableName`, tableName, NAME_RULES.otsTable.pattern, NAME_RULES.otsTable.rule);
    this.instance = new ots.RosInstance(this, childId(id, 'Instance'), { instanceName, clusterType: 'SSD', description: 'Pattern state' }, true);
    this.table = new ots.RosTable(
      this,
      childId(id, 'Table'),
      {
        instanceName: this.instance.attrInstanceName,
        tableName,
        primaryKey: props.primaryKey,
        maxVersions: 1,
        timeToLive: days === undefined || days === -1 ? -1 : days * 86400,
      },
      true,
    );
    this.instanceName = instanceName;
    this.tableName = ros.Token.asString(this.table.attrTableName);
    this.endpoint = ros.Token.asString(this.instance.attrPublicEndpoint);
  }
}
