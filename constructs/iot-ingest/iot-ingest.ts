import * as ros from '@alicloud/ros-cdk-core';
import { tagResources } from '../core/tags';
import * as fc3 from '@alicloud/ros-cdk-fc3';
import * as ots from '@alicloud/ros-cdk-ots';
import * as ram from '@alicloud/ros-cdk-ram';
import { FcEventApi, patternApi } from '../core/api-gateway';
import { PatternFunction, resolveSize } from '../core/function';
import { ILogSink, LogSink } from '../core/log-sink';
import { childId, physicalName } from '../core/naming';
import { createPatternFunctions } from '../core/pattern-functions';
import { logSinkFor } from '../core/pattern-resources';
import { fcFunctionArn, OTS_READ, OTS_WRITE, otsTableArn, PolicyBuilder } from '../core/policy';
import { createTable, TableStoreInstance, TableStoreRef, tableStoreFor } from '../core/table-store';
import { suppress } from '../core/lint/suppressions';
import { Validator } from '../core/validation';
import { SEARCH_LIVE_COLUMN } from '../../runtime/shared/ots-contract';
import { IOT_ENV, IOT_FUNCTIONS, IOT_LOG_FIELDS, IOT_TABLES, IotSettings, IotTable, POST_SEARCH_SCHEMA } from '../../runtime/iot/settings';
import { CONTENT_API_ROUTES, IOT_DEFAULTS, TABLESTORE_TRIGGER_MAX_SECONDS } from './defaults';
import { createDevicePart, DeviceResources } from './devices';
import { IotIngestProps } from './props';
import { resolveIotSettings } from './validate';

const ALL_TABLES = Object.keys(IOT_TABLES) as IotTable[];

/**
 * The Alibaba Cloud account that Tablestore triggers assume the invocation role from: the trusted
 * entity the ROS FC trigger doc names for `ots` ("阿里云账号1604337383174****",
 * https://help.aliyun.com/document_detail/115449.html), in full as Serverless Devs and funcraft
 * write it (docs/research/iot-ingest/tablestore-stream-trigger-search.md §2.2).
 */
const TABLESTORE_TRIGGER_ACCOUNT = 'acs:ram::1604337383174619:root';

/**
 * What the trigger's role may do: invoke the indexer and read the table's stream. The documented
 * policy (AliyunTableStoreStreamNotificationRolePolicy, as the ROS FC trigger doc lists it) grants
 * these wildcards; the stream operations they cover (ListStream, DescribeStream, GetShardIterator,
 * GetStreamRecord) are not named one by one in any doc we found.
 */
const STREAM_READ = ['ots:BatchGet*', 'ots:Describe*', 'ots:Get*', 'ots:List*'];

/**
 * Table Store types of the search schema's field kinds (FieldSchema,
 * https://www.alibabacloud.com/help/en/tablestore/developer-reference/fieldschema), spelled as ALIYUN::OTS::SearchIndex takes
 * them (`FieldType.TEXT`, as aliyun/ros-templates resources/ots/ots.yml writes them; ROS CDK refuses the bare name).
 */
const FIELD_TYPES = { text: 'FieldType.TEXT', keyword: 'FieldType.KEYWORD', keywords: 'FieldType.KEYWORD', long: 'FieldType.LONG' } as const;

/**
 * IoT data processing in two parts.
 * - Content: a content API (API Gateway → FC 3.0) writes posts to Table Store, one conditional write
 *   per change that bumps the post's version; the table's stream feeds an indexer (FC 3.0 Tablestore
 *   trigger) that pushes each change, by version, to a Table Store search index, which the API's
 *   searches read. Records the indexer cannot take are parked in a dead-letter table.
 * - Devices: IoT Platform rules forward device status and property posts to an MNS topic; its FC 3.0
 *   trigger records them by device time and queues one deferred check per change (a delayed
 *   invocation), which tells the device's owners through Mobile Push once the change has held
 *   (devices.ts).
 * No timer anywhere: every function runs on an event.
 */
export class IotIngest extends ros.Construct {
  /** The instance holding the tables: the stack's shared one unless `tableStoreProps` asks for its own. */
  readonly tableStore?: TableStoreInstance;
  /** The instance holding the tables. */
  readonly tableStoreRef: TableStoreRef;
  /** The log sink; undefined when `existingLogSink` was given. */
  readonly logSink?: LogSink;
  /** Where the functions log, created or brought (`existingLogSink`). */
  readonly logSinkRef: ILogSink;
  /** Serves the content API behind API Gateway. */
  readonly contentApi: PatternFunction;
  /** Pushes the posts table stream to the search index. */
  readonly indexer: PatternFunction;
  /** Turns on the posts table stream at deploy time (custom resource). */
  readonly streamEnabler: PatternFunction;
  /** Serves the device API (owners) behind API Gateway. */
  readonly deviceApi: PatternFunction;
  /** Records device statuses and properties from the devices topic. */
  readonly deviceStatus: PatternFunction;
  /** Decides and pushes device transitions once they held (deferred invocations). */
  readonly transitionCheck: PatternFunction;
  /** Runs transition checks FC gave up on once more. */
  readonly deviceFailure: PatternFunction;
  /** The device part: product, topic, rules, the status trigger and the device API. */
  readonly devices: DeviceResources;
  /** The search index over the posts that the content API's searches read. */
  readonly searchIndex: ots.RosSearchIndex;
  /** The custom resource that turns on the posts table's stream. */
  readonly postsStream: ros.RosResource;
  /** The Tablestore trigger that feeds the posts table stream to the indexer. */
  readonly indexerTrigger: fc3.RosTrigger;
  /** The API Gateway group of the content API. */
  readonly api: FcEventApi;
  /** The settings the functions run with (defaults applied). */
  readonly settings: IotSettings;

  constructor(scope: ros.Construct, id: string, given: IotIngestProps) {
    super(scope, id);
    const v = new Validator(`IotIngest '${id}'`);
    const props = v.props(given, '`push: { appKey }`');
    const store = tableStoreFor(this, undefined, props.tableStoreProps, v, 'tableStoreProps');
    this.settings = resolveIotSettings(props, v, this);
    const d = IOT_DEFAULTS;
    const sizes = {
      contentApi: resolveSize(v, 'contentApi', props.contentApi, d.contentApi),
      indexer: resolveSize(v, 'indexer', props.indexer, d.indexer),
      streamEnabler: resolveSize(v, 'streamEnabler', props.streamEnabler, d.streamEnabler),
      deviceApi: resolveSize(v, 'deviceApi', props.deviceApi, d.deviceApi),
      deviceStatus: resolveSize(v, 'deviceStatus', props.deviceStatus, d.deviceStatus),
      transitionCheck: resolveSize(v, 'transitionCheck', props.transitionCheck, d.transitionCheck),
      deviceFailure: resolveSize(v, 'deviceFailure', props.deviceFailure, d.deviceFailure),
    };
    if (sizes.indexer.timeout > TABLESTORE_TRIGGER_MAX_SECONDS) {
      const rule = `must be at most ${TABLESTORE_TRIGGER_MAX_SECONDS}: a function a Tablestore trigger invokes must finish within 1 minute`;
      v.fail('indexer.timeout', sizes.indexer.timeout, rule);
    }
    const instance = store.instance!;
    this.tableStore = store.instance;
    this.tableStoreRef = store.ref;
    const tables = {} as Record<IotTable, ots.RosTable>;
    const tableName = {} as Record<IotTable, string>;
    for (const t of ALL_TABLES) {
      const part = `${t[0].toUpperCase()}${t.slice(1)}Table`;
      const spec = { part, tableName: this.settings.tables[t], primaryKey: IOT_TABLES[t].primaryKey };
      tables[t] = createTable(this, instance, spec, v, 'tableStoreProps');
      tableName[t] = ros.Token.asString(tables[t].attrTableName);
    }

    this.searchIndex = new ots.RosSearchIndex(
      this,
      childId(id, 'SearchIndex'),
      {
        instanceName: this.tableStoreRef.instanceName,
        tableName: tableName.searchDocs,
        indexName: this.settings.searchIndex,
        fieldSchemas: [
          ...Object.entries(POST_SEARCH_SCHEMA).map(([name, type]) => ({
            fieldName: name,
            fieldType: FIELD_TYPES[type],
            index: true,
            store: true,
            ...(type === 'keywords' ? { isArray: true } : {}),
            ...(type === 'long' ? { enableSortAndAgg: true } : {}),
          })),
          { fieldName: SEARCH_LIVE_COLUMN, fieldType: 'FieldType.BOOLEAN', index: true },
        ],
      },
      true,
    );

    const logs = logSinkFor(this, props.existingLogSink, props.logSinkProps, [...IOT_LOG_FIELDS], v);
    this.logSink = logs.created;
    this.logSinkRef = logs.ref;

    const functions = createPatternFunctions(
      this,
      {
        pattern: 'iot',
        manifest: IOT_FUNCTIONS,
        descriptions: {
          contentApi: 'Serves the content API behind API Gateway',
          indexer: 'Pushes the posts table stream to the search index',
          streamEnabler: 'Turns on the posts table stream at deploy time (custom resource)',
          deviceApi: 'Serves the device API (owners) behind API Gateway',
          deviceStatus: 'Records device statuses and properties from the devices topic',
          transitionCheck: 'Decides and pushes device transitions once they held (deferred invocations)',
          deviceFailure: 'Runs transition checks FC gave up on once more',
        },
        sizes,
        environment: {
          [IOT_ENV.settings]: JSON.stringify(this.settings),
          [IOT_ENV.otsInstance]: this.tableStoreRef.instanceName,
          [IOT_ENV.otsEndpoint]: this.tableStoreRef.endpoint,
        },
        logSink: this.logSinkRef,
        // Only the transition check and its failure handler go through FC's async queue.
        retries: { maxRetries: props.maxRetries ?? d.maxRetries, maxSendAttempts: this.settings.devices.maxSendAttempts },
        maxEventAgeSeconds: props.maxEventAgeSeconds ?? d.maxEventAgeSeconds,
      },
      v,
    );
    this.contentApi = functions.contentApi;
    this.indexer = functions.indexer;
    this.streamEnabler = functions.streamEnabler;
    this.deviceApi = functions.deviceApi;
    this.deviceStatus = functions.deviceStatus;
    this.transitionCheck = functions.transitionCheck;
    this.deviceFailure = functions.deviceFailure;

    const grant = (f: PatternFunction, t: IotTable, actions: readonly string[]) =>
      f.policy.ots(this.tableStoreRef.instanceName, tableName[t], actions);
    grant(this.contentApi, 'posts', [...OTS_READ, ...OTS_WRITE]);
    // Search requests are authorized on the table the index belongs to.
    grant(this.contentApi, 'searchDocs', ['ots:Search']);
    grant(this.indexer, 'posts', OTS_READ);
    grant(this.indexer, 'searchDocs', ['ots:BatchWriteRow']);
    grant(this.indexer, 'deadLetters', ['ots:PutRow']);
    grant(this.streamEnabler, 'posts', ['ots:DescribeTable', 'ots:UpdateTable']);
    grant(this.deviceApi, 'devices', ['ots:GetRow']);
    grant(this.deviceApi, 'deviceOwners', [...OTS_READ, ...OTS_WRITE]);
    grant(this.deviceStatus, 'devices', [...OTS_READ, ...OTS_WRITE]);
    for (const f of [this.transitionCheck, this.deviceFailure]) {
      grant(f, 'devices', [...OTS_READ, ...OTS_WRITE]);
      grant(f, 'deviceOwners', OTS_READ);
    }

    // ALIYUN::OTS::Table has no stream property: a custom resource backed by the stream enabler turns it on
    // (https://help.aliyun.com/en/ros/developer-reference/aliyun-ros-customresource; ServiceToken: the FC 3.0 function ARN).
    this.postsStream = new ros.RosResource(this, childId(id, 'PostsStream'), {
      type: 'ALIYUN::ROS::CustomResource',
      properties: {
        ServiceToken: fcFunctionArn(this.streamEnabler.functionName),
        Parameters: {
          InstanceName: this.tableStoreRef.instanceName,
          Endpoint: this.tableStoreRef.endpoint,
          TableName: tableName.posts,
          ExpirationHours: props.streamExpirationHours ?? d.streamExpirationHours,
        },
        Timeout: sizes.streamEnabler.timeout * 2,
      },
    });
    // The function's role must be in place before ROS invokes it.
    this.postsStream.addRosDependency(this.streamEnabler.function.logicalId);

    const triggerRoleName = physicalName(this, v, 'indexerTrigger', 'ramRole', 'indexer-trigger', undefined);
    const triggerRole = new ram.RosRole(
      this,
      childId(id, 'IndexerTriggerRole'),
      {
        roleName: triggerRoleName,
        description: 'Lets the posts table stream invoke the indexer',
        assumeRolePolicyDocument: {
          version: '1',
          statement: [{ action: 'sts:AssumeRole', effect: 'Allow', principal: { ram: [TABLESTORE_TRIGGER_ACCOUNT] } }],
        },
        policies: new PolicyBuilder()
          .fcInvoke(this.indexer.functionName)
          .ots(this.tableStoreRef.instanceName, tableName.posts, STREAM_READ)
          .render(triggerRoleName),
      },
      true,
    );
    this.indexerTrigger = new fc3.RosTrigger(
      this,
      childId(id, 'IndexerTrigger'),
      {
        functionName: this.indexer.functionName,
        triggerName: 'posts-stream',
        triggerType: 'tablestore',
        // FC 3.0 CreateTrigger: a Tablestore trigger takes its SourceArn and an empty config.
        triggerConfig: {},
        sourceArn: otsTableArn(this.tableStoreRef.instanceName, tableName.posts),
        invocationRole: triggerRole.attrArn,
        description: 'The posts table stream',
      },
      true,
    );
    // The docs enable the stream before creating the trigger.
    this.indexerTrigger.addRosDependency(this.postsStream.logicalId);
    suppress(
      this.indexer.function,
      'FSC-FC2',
      'Invoked by a Tablestore trigger, which retries a failed batch itself until the stream records expire ' +
        '(https://www.alibabacloud.com/help/en/functioncompute/fc/tablestore-triggers); the indexer parks poison records in a dead-letter table.',
    );

    this.api = patternApi(this, v, {
      description: 'Content API',
      domainDescription: 'Host name of the content API',
      fn: this.contentApi,
      routes: CONTENT_API_ROUTES,
      anonymous: props.anonymous,
      protocol: props.protocol ?? d.protocol,
      requestsPerMinute: props.requestsPerMinute ?? d.requestsPerMinute,
      backendTimeoutMs: d.backendTimeoutMs,
    });
    this.devices = createDevicePart(this, id, props, functions, v);
    suppress(
      this.deviceStatus.function,
      'FSC-FC2',
      'Invoked by an MNS topic trigger, which retries a failed call itself (EXPONENTIAL_DECAY_RETRY: 176 tries over a day, ' +
        'https://www.alibabacloud.com/help/en/functioncompute/fc-3-0/developer-reference/api-fc-2023-03-30-struct-mnstopictriggerconfig); ' +
        'a malformed message is logged and dropped.',
    );
    new ros.RosOutput(this, childId(id, 'TableStoreInstance'), {
      value: this.tableStoreRef.instanceName,
      description: 'Table Store instance holding the posts and devices',
    });
    tagResources(this, props.tags, v);
  }
}
