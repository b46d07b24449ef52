import * as ros from '@alicloud/ros-cdk-core';
import { nameString, tableRefOf } from '../core/existing';
import { tagResources } from '../core/tags';
import { resolveSize } from '../core/function';
import { ILogSink, IndexedField, LogSink } from '../core/log-sink';
import { childId, NAME_RULES, physicalName } from '../core/naming';
import { OssTrigger } from '../core/oss-trigger';
import { PatternFunction } from '../core/function';
import { createPatternFunctions } from '../core/pattern-functions';
import { bucketFor, logSinkFor } from '../core/pattern-resources';
import { fcFunctionArn, mnsTopicDestination, OTS_READ, OTS_WRITE } from '../core/policy';
import { SecureBucket } from '../core/secure-bucket';
import { createTable, patternTableName, TableRef, TableStoreInstance, tableStoreFor } from '../core/table-store';
import { timerTrigger } from '../core/timer-trigger';
import { Validator } from '../core/validation';
import { MEDIA_ENV, MEDIA_FUNCTIONS, MediaSettings } from '../../runtime/media/settings';
import { MEDIA_DEFAULTS } from './defaults';
import { MediaPipelineProps } from './props';
import { resolveMediaSettings } from './validate';

/** What media handlers add to each structured log line. */
const MEDIA_LOG_FIELDS: IndexedField[] = [
  { name: 'jobId', type: 'text' },
  { name: 'part', type: 'text' },
  { name: 'durationMs', type: 'long' },
];

/**
 * Event-triggered media processing: uploads under the input prefix trigger a planner that probes
 * the source and fans out one transcoder per rendition; the last transcoder writes the master
 * playlist and manifest, marks the job done in Table Store and prefetches hot outputs to CDN.
 * Failures after bounded retries go to a failure handler that records them.
 */
export class MediaPipeline extends ros.Construct {
  /** The bucket uploads arrive in; undefined when `existingSourceBucket` was given. */
  readonly sourceBucket?: SecureBucket;
  /** The separate output bucket, when `outputBucketProps` was given. */
  readonly outputBucket?: SecureBucket;
  /** Name of the bucket uploads arrive in, created or brought. */
  readonly sourceBucketName: string;
  /** Name of the bucket outputs go to: the output bucket, created or brought, else the source bucket. */
  readonly outputBucketName: string;
  /** The instance holding the job table (the stack's shared one unless `jobTableProps` asks for its own); undefined with `existingJobTable`. */
  readonly tableStore?: TableStoreInstance;
  /** The job table, created or brought (`existingJobTable`). */
  readonly jobTableRef: TableRef;
  /** The log sink; undefined when `existingLogSink` was given. */
  readonly logSink?: LogSink;
  /** Where the functions log, created or brought (`existingLogSink`). */
  readonly logSinkRef: ILogSink;
  /** Claims, probes and plans each upload, then fans out one transcoder per rendition. */
  readonly planner: PatternFunction;
  /** Transcodes one rendition (or the thumbnails) of a job. */
  readonly transcoder: PatternFunction;
  /** Records jobs that failed after their retries. */
  readonly failureHandler: PatternFunction;
  /** Fails jobs stuck past their deadline, on a timer. */
  readonly reaper: PatternFunction;
  /** Tells the `completion` destination of each job's end; undefined without one. */
  readonly completionNotifier?: PatternFunction;
  /** The OSS trigger that invokes the planner for objects created under the input prefix. */
  readonly trigger: OssTrigger;
  /** The settings the functions run with (defaults applied). */
  readonly settings: MediaSettings;

  constructor(scope: ros.Construct, id: string, given: MediaPipelineProps = {}) {
    super(scope, id);
    const v = new Validator(`MediaPipeline '${id}'`);
    const props = v.props(given ?? {}, 'nothing (every prop has a default)');
    const sizes = {
      planner: resolveSize(v, 'planner', props.planner, MEDIA_DEFAULTS.planner),
      transcoder: resolveSize(v, 'transcoder', props.transcoder, MEDIA_DEFAULTS.transcoder),
      failureHandler: resolveSize(v, 'failureHandler', props.failureHandler, MEDIA_DEFAULTS.failureHandler),
      reaper: resolveSize(v, 'reaper', props.reaper, MEDIA_DEFAULTS.reaper),
      completionNotifier: resolveSize(v, 'completionNotifier', props.completionNotifier, MEDIA_DEFAULTS.completionNotifier),
    };
    const destination = completionDestination(props.completion, v);
    this.settings = resolveMediaSettings(props, v, Math.max(...Object.values(sizes).map((s) => s.timeout)));

    const source = bucketFor(this, 'Source', props.existingSourceBucket, props.sourceBucketProps, v, 'sourceBucketProps');
    const separateOutput = props.existingOutputBucket !== undefined || props.outputBucketProps !== undefined;
    const output = separateOutput ? bucketFor(this, 'Output', props.existingOutputBucket, props.outputBucketProps, v, 'outputBucketProps') : source;
    this.sourceBucket = source.created;
    this.outputBucket = separateOutput ? output.created : undefined;
    this.sourceBucketName = source.ref.bucketName;
    this.outputBucketName = output.ref.bucketName;

    const existingTable = props.existingJobTable ? tableRefOf(props.existingJobTable) : undefined;
    const store = tableStoreFor(this, existingTable, props.jobTableProps, v, 'jobTableProps');
    this.tableStore = store.instance;
    this.jobTableRef = existingTable ?? this.createJobTable(store.instance!, props, v);

    const logs = logSinkFor(this, props.existingLogSink, props.logSinkProps, MEDIA_LOG_FIELDS, v);
    this.logSink = logs.created;
    this.logSinkRef = logs.ref;

    const table = this.jobTableRef;
    const functions = createPatternFunctions(
      this,
      {
        pattern: 'media',
        manifest: MEDIA_FUNCTIONS,
        descriptions: {
          planner: 'Claims, probes and plans each upload, then fans out transcoders',
          transcoder: 'Transcodes one rendition (or the thumbnails) of a media job',
          failureHandler: 'Records media jobs that failed after their retries',
          reaper: 'Fails media jobs stuck past their deadline; deletes the segments of versions nothing plays any more',
          completionNotifier: 'Tells your destination of each media job that ended (FC delivers its return there)',
        },
        // The notifier exists only to feed a destination.
        omit: destination ? [] : ['completionNotifier'],
        sizes,
        environment: {
          [MEDIA_ENV.settings]: JSON.stringify(this.settings),
          [MEDIA_ENV.sourceBucket]: this.sourceBucketName,
          [MEDIA_ENV.outputBucket]: this.outputBucketName,
          [MEDIA_ENV.jobTable]: table.tableName,
          [MEDIA_ENV.otsInstance]: table.instanceName,
          [MEDIA_ENV.otsEndpoint]: table.endpoint,
          [MEDIA_ENV.failureBucket]: this.outputBucketName,
          [MEDIA_ENV.failurePrefix]: MEDIA_DEFAULTS.failurePrefix,
        },
        logSink: this.logSinkRef,
        retries: { maxRetries: props.maxRetries ?? MEDIA_DEFAULTS.maxRetries },
        maxEventAgeSeconds: props.maxEventAgeSeconds ?? MEDIA_DEFAULTS.maxEventAgeSeconds,
        ...(props.ffmpegLayerArn ? { ffmpegLayer: props.ffmpegLayerArn } : {}),
      },
      v,
    );
    this.planner = functions.planner;
    this.transcoder = functions.transcoder;
    this.failureHandler = functions.failureHandler;
    this.reaper = functions.reaper;
    this.completionNotifier = functions.completionNotifier;
    this.grant(table);
    if (destination && this.completionNotifier) this.notifyCompletion(this.completionNotifier, destination, table);
    timerTrigger(this, childId(id, 'ReaperTimer'), this.reaper, MEDIA_DEFAULTS.reaperSchedule);

    this.trigger = new OssTrigger(this, childId(id, 'UploadTrigger'), {
      fn: this.planner,
      bucketName: this.sourceBucketName,
      prefix: this.settings.inputPrefix,
      roleName: physicalName(this, v, 'uploadTrigger', 'ramRole', 'oss-trigger', undefined),
    });

    const stackOutput = (part: string, value: string, description: string) =>
      new ros.RosOutput(this, childId(id, part), { value, description });
    stackOutput('BucketName', this.sourceBucketName, 'Bucket uploads go to');
    stackOutput('UploadPrefix', this.settings.inputPrefix, 'Upload videos under this prefix');
    stackOutput('OutputBucketName', this.outputBucketName, 'Bucket outputs are written to');
    stackOutput('OutputPrefix', this.settings.outputPrefix, 'Outputs of <key> are under <prefix><key>/');
    stackOutput('JobTable', table.tableName, 'Table Store table holding job status (primary key jobId)');
    stackOutput('TableStoreInstance', table.instanceName, 'Table Store instance holding the job table');
    tagResources(this, props.tags, v);
  }

  private createJobTable(instance: TableStoreInstance, props: MediaPipelineProps, v: Validator): TableRef {
    const table = createTable(
      this,
      instance,
      {
        part: 'JobsTable',
        tableName: props.jobTableProps?.tableName ?? patternTableName(this, 'jobs'),
        primaryKey: [{ name: 'jobId', type: 'STRING' }],
        ...(props.jobTableProps?.retentionDays !== undefined ? { retentionDays: props.jobTableProps.retentionDays } : {}),
      },
      v,
      'jobTableProps',
    );
    return { instanceName: instance.instanceName, endpoint: instance.endpoint, tableName: ros.Token.asString(table.attrTableName) };
  }

  /** The notifier reads and marks job rows; every function that ends a job queues it; FC delivers with its role. */
  private notifyCompletion(notifier: PatternFunction, destination: CompletionTarget, table: TableRef): void {
    notifier.policy.ots(table.instanceName, table.tableName, ['ots:GetRow', 'ots:UpdateRow']);
    if (destination.kind === 'function') notifier.policy.fcInvoke(destination.name);
    else notifier.policy.mnsPublish(destination.name);
    notifier.addOnSuccess(destination.arn);
    for (const fn of [this.planner, this.transcoder, this.failureHandler, this.reaper]) {
      fn.addEnvironment(MEDIA_ENV.notifierFunction, notifier.name);
      fn.policy.fcInvoke(notifier.name);
    }
    // The reaper reads a job's row to build its notice again.
    this.reaper.policy.ots(table.instanceName, table.tableName, ['ots:GetRow']);
  }

  /** Least privilege: each function may touch only what its handler does. */
  private grant(table: TableRef): void {
    const { settings } = this;
    const tableActions = [...OTS_READ, ...OTS_WRITE];
    this.failureHandler.policy.ossWrite(this.outputBucketName, MEDIA_DEFAULTS.failurePrefix).ots(table.instanceName, table.tableName, tableActions);
    // It scans the job table (GetRange) and fails stuck rows (UpdateRow); it deletes the segments of versions nothing
    // plays (retired-segments.ts): it reads the published master and playlists, lists a folder by version, deletes.
    this.reaper.policy
      .ots(table.instanceName, table.tableName, ['ots:GetRange', 'ots:UpdateRow'])
      .ossRead(this.outputBucketName, settings.outputPrefix)
      .ossList(this.outputBucketName)
      .ossDelete(this.outputBucketName, settings.outputPrefix);
    this.transcoder.policy
      .ossRead(this.sourceBucketName, settings.inputPrefix)
      .ossWrite(this.outputBucketName, settings.outputPrefix)
      // Its finalize reads the manifest it is about to replace (retired-segments.ts).
      .ossRead(this.outputBucketName, settings.outputPrefix)
      .ots(table.instanceName, table.tableName, tableActions);
    if (settings.watermark) this.transcoder.policy.ossRead(this.sourceBucketName, settings.watermark.key);
    if (settings.cdn) this.transcoder.policy.cdnPrefetch();
    this.planner.addEnvironment(MEDIA_ENV.transcoderFunction, this.transcoder.name);
    this.planner.policy
      .ossRead(this.sourceBucketName, settings.inputPrefix)
      .ots(table.instanceName, table.tableName, tableActions)
      .fcInvoke(this.transcoder.name);
  }
}

interface CompletionTarget {
  kind: 'function' | 'topic';
  name: string;
  arn: string;
}

/** The completion destination's name and ARN (FC's result-callback formats, policy.ts), or undefined without one. */
function completionDestination(completion: MediaPipelineProps['completion'], v: Validator): CompletionTarget | undefined {
  if (completion === undefined) return undefined;
  const { function: fn, topic } = completion;
  if ((fn === undefined) === (topic === undefined)) {
    v.fail('completion', completion, 'give one destination: `function` (an FC 3.0 event function) or `topic` (an MNS topic)');
  }
  if (fn) {
    const name = nameString('attrFunctionName' in fn ? fn.attrFunctionName : fn.functionName);
    v.matches('completion.function.functionName', name, NAME_RULES.fcFunction.pattern, NAME_RULES.fcFunction.rule);
    return { kind: 'function', name, arn: fcFunctionArn(name) };
  }
  const name = nameString(topic!.topicName);
  v.matches('completion.topic.topicName', name, NAME_RULES.mnsTopic.pattern, NAME_RULES.mnsTopic.rule);
  return { kind: 'topic', name, arn: mnsTopicDestination(name) };
}
