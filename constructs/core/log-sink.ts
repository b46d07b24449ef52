import * as ros from '@alicloud/ros-cdk-core';
import * as sls from '@alicloud/ros-cdk-sls';
import { childId, NAME_RULES, physicalName } from './naming';
import { Validator } from './validation';
import { LOG_FIELDS } from '../../runtime/shared/log-fields';

/** Where a function's logs go: a Log Service project and logstore. */
export interface ILogSink {
  readonly projectName: string;
  readonly logstoreName: string;
  /** The logstore's index, when the sink was created here: functions wait for it, so their first lines are indexed. */
  readonly index?: sls.RosIndex;
}

export interface LogSinkProps {
  /** @default generated from the stack and pattern, unique per account and region */
  readonly projectName?: string;
  /** @default "function-logs" */
  readonly logstoreName?: string;
  /** Days logs are kept. @default 30 */
  readonly retentionDays?: number;
  /** Shards of the logstore. @default 2 */
  readonly shardCount?: number;
  /** Structured-log fields to index for queries, beyond full-text search. */
  readonly indexedFields?: ReadonlyArray<IndexedField>;
}

export interface IndexedField {
  readonly name: string;
  readonly type: 'text' | 'long' | 'double';
}

/** The index fields of our structured log lines (runtime/shared/log.ts) plus a pattern's own. */
export function structuredLogFields(extra: IndexedField[]): IndexedField[] {
  return [...LOG_FIELDS.map((name): IndexedField => ({ name, type: 'text' })), ...extra];
}

/** A Log Service project, a logstore and an index on the fields our structured logs carry. */
export class LogSink extends ros.Construct implements ILogSink {
  readonly project: sls.RosProject;
  readonly logstore: sls.RosLogstore;
  readonly index: sls.RosIndex;
  readonly projectName: string;
  readonly logstoreName: string;

  constructor(scope: ros.Construct, id: string, props: LogSinkProps = {}, validator = new Validator(`LogSink '${id}'`), propPrefix = '') {
    super(scope, id);
    validator.integer(`${propPrefix}retentionDays`, props.retentionDays, 1, 3650);
    validator.integer(`${propPrefix}shardCount`, props.shardCount, 1, 100);
    const projectName = physicalName(scope, validator, `${propPrefix}projectName`, 'slsProject', 'logs', props.projectName);
    const logstoreName = props.logstoreName ?? 'function-logs';
    const { pattern, rule } = NAME_RULES.slsLogstore;
    validator.matches(`${propPrefix}logstoreName`, logstoreName, pattern, rule);

    this.project = new sls.RosProject(this, childId(id, 'Project'), { name: projectName, description: 'Function logs' }, true);
    this.logstore = new sls.RosLogstore(
      this,
      childId(id, 'Logstore'),
      {
        projectName: this.project.attrName,
        logstoreName,
        ttl: props.retentionDays ?? 30,
        shardCount: props.shardCount ?? 2,
        autoSplit: true,
        maxSplitShard: 64,
      },
      true,
    );
    this.index = new sls.RosIndex(
      this,
      childId(id, 'Index'),
      {
        projectName: this.project.attrName,
        logstoreName: this.logstore.attrLogstoreName,
        fullTextIndex: { enable: true },
        // Function Compute puts each stdout line in `message`; our lines are JSON, indexed field by field.
        keyIndices: [
          { name: 'functionName', type: 'text', enableAnalytics: true },
          {
            name: 'message',
            type: 'json',
            enableAnalytics: true,
            jsonKeyIndices: (props.indexedFields ?? []).map((f) => ({ name: f.name, type: f.type, enableAnalytics: true })),
          },
        ],
      },
      true,
    );
    // Attributes, not the literal names: whoever logs here then waits for the logstore to exist.
    this.projectName = ros.Token.asString(this.project.attrName);
    this.logstoreName = ros.Token.asString(this.logstore.attrLogstoreName);
  }
}
