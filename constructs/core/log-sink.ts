import * as ros from '@alicloud/ros-cdk-core';
import * as sls from '@alicloud/ros-cdk-sls';
import { childId, NAME_RULES, physicalName } from './naming';
import { Validator } from './validation';
import { LOG_FIELDS } from '../../runtime/shared/log-fields';

/** Where a function's logs go: a Log Service project and logstore. */
export interface ILogSink {
  /** Name of the Log Service project. */
  readonly projectName: string;
  /** Name of the logstore in `projectName`. */
  readonly logstoreName: string;
  /**
   * The logstore's index, when the sink was created here: functions wait for it, so their first lines are indexed.
   *
   * @default - no index to wait for (a sink you bring)
   */
  readonly index?: sls.RosIndex;
}

export interface LogSinkProps {
  /**
   * Name of the Log Service project.
   *
   * @default - generated from the stack and pattern, unique per account and region
   */
  readonly projectName?: string;
  /**
   * Name of the logstore.
   *
   * @default 'function-logs'
   */
  readonly logstoreName?: string;
  /** Days logs are kept. @default 30 */
  readonly retentionDays?: number;
  /** Shards of the logstore. @default 2 */
  readonly shardCount?: number;
  /**
   * Structured-log fields to index for queries, beyond full-text search. In a pattern's `logSinkProps`, these are added
   * to the fields the pattern indexes (a field of the same name takes the type given here).
   *
   * @default - none on a LogSink of your own; a pattern's log sink indexes its structured log fields and its own
   */
  readonly indexedFields?: ReadonlyArray<IndexedField>;
}

/** A JSON key of the structured log lines, indexed with analytics. */
export interface IndexedField {
  /** The key in a log line's JSON, e.g. `jobId`. */
  readonly name: string;
  /** The index type of the key's values. */
  readonly type: 'text' | 'long' | 'double';
}

/** The index fields of our structured log lines (runtime/shared/log.ts) plus a pattern's own. */
export function structuredLogFields(extra: IndexedField[]): IndexedField[] {
  return [...LOG_FIELDS.map((name): IndexedField => ({ name, type: 'text' })), ...extra];
}

/** A Log Service project, a logstore and an index on the fields our structured logs carry. */
export class LogSink extends ros.Construct implements ILogSink {
  /** The Log Service project. */
  readonly project: sls.RosProject;
  /** The logstore, with automatic shard splitting. */
  readonly logstore: sls.RosLogstore;
  /** Full-text index, plus `functionName` and the JSON keys of `message` (`indexedFields`). */
  readonly index: sls.RosIndex;
  /** The project's name, as its `Fn::GetAtt`: whoever logs here waits for the project. */
  readonly projectName: string;
  /** The logstore's name, as its `Fn::GetAtt`: whoever logs here waits for the logstore. */
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
