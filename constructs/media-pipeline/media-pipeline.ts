import * as ros from '@alicloud/ros-cdk-core';
import { PatternFunction, resolveSize } from '../core/function';
import { ILogSink, IndexedField, LogSink, structuredLogFields } from '../core/log-sink';
import { childId, physicalName } from '../core/naming';
import { OTS_READ, OTS_WRITE } from '../core/policy';
import { OssTriggers } from '../core/oss-trigger';
import { suppress } from '../core/lint';
import { BucketRef, SecureBucket } from '../core/secure-bucket';
import { Table, TableRef } from '../core/table';
import { Validator } from '../core/validation';
import { MEDIA_ENV, MediaSettings } from '../../runtime/media/settings';
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
  readonly sourceBucketName: string;
  readonly outputBucketName: string;
  /** The job table; undefined when `existingJobTable` was given. */
  readonly jobTable?: Table;
  readonly jobTableRef: TableRef;
  /** The log sink; undefined when `existingLogSink` was given. */
  readonly logSink?: LogSink;
  readonly logSinkRef: ILogSink;
  readonly planner: PatternFunction;
  readonly transcoder: PatternFunction;
  readonly failureHandler: PatternFunction;
  readonly triggers: OssTriggers;
  /** The settings the functions run with (defaults applied). */
  readonly settings: MediaSettings;

  constructor(scope: ros.Construct, id: string, props: MediaPipelineProps = {}) {
    super(scope, id);
    const v = new Validator(`MediaPipeline '${id}'`);
    this.settings = resolveMediaSettings(props, v);
    const suffixes = props.inputSuffixes ?? MEDIA_DEFAULTS.inputSuffixes;
    const sizes = {
      planner: resolveSize(v, 'planner', props.planner, MEDIA_DEFAULTS.planner),
      transcoder: resolveSize(v, 'transcoder', props.transcoder, MEDIA_DEFAULTS.transcoder),
      failureHandler: resolveSize(v, 'failureHandler', props.failureHandler, MEDIA_DEFAULTS.failureHandler),
    };

    const source = this.bucket(props.existingSourceBucket, props.sourceBucketProps ?? {}, v, 'sourceBucketProps', 'Source');
    this.sourceBucket = source.created;
    this.sourceBucketName = source.ref.bucketName;
    const output = props.existingOutputBucket || props.outputBucketProps
      ? this.bucket(props.existingOutputBucket, props.outputBucketProps ?? {}, v, 'outputBucketProps', 'Output')
      : source;
    this.outputBucket = output === source ? undefined : output.created;
    this.outputBucketName = output.ref.bucketName;

    this.jobTable = props.existingJobTable
      ? undefined
      : new Table(this, childId(id, 'Jobs'), { ...props.jobTableProps, purpose: 'jobs', primaryKey: [{ name: 'jobId', type: 'STRING' }] }, v, 'jobTableProps');
    this.jobTableRef = props.existingJobTable ?? (this.jobTable as Table);

    this.logSink = props.existingLogSink
      ? undefined
      : new LogSink(this, childId(id, 'Logs'), { indexedFields: structuredLogFields(MEDIA_LOG_FIELDS), ...props.logSinkProps }, v, 'logSinkProps.');
    this.logSinkRef = props.existingLogSink ?? (this.logSink as LogSink);

    const name = (purpose: string) => physicalName(this, v, purpose, 'fcFunction', purpose, undefined);
    const roleName = (purpose: string) => physicalName(this, v, purpose, 'ramRole', purpose, undefined);
    const layers = [props.ffmpegLayerArn ?? ros.Fn.sub(MEDIA_DEFAULTS.ffmpegLayer)];
    const table = this.jobTableRef;
    const environment = (extra: Record<string, string> = {}): Record<string, string> => ({
      [MEDIA_ENV.settings]: JSON.stringify(this.settings),
      [MEDIA_ENV.sourceBucket]: this.sourceBucketName,
      [MEDIA_ENV.outputBucket]: this.outputBucketName,
      [MEDIA_ENV.jobTable]: table.tableName,
      [MEDIA_ENV.otsInstance]: table.instanceName,
      [MEDIA_ENV.otsEndpoint]: table.endpoint,
      [MEDIA_ENV.failureBucket]: this.outputBucketName,
      [MEDIA_ENV.failurePrefix]: MEDIA_DEFAULTS.failurePrefix,
      ...extra,
    });

    this.failureHandler = new PatternFunction(this, childId(id, 'FailureHandler'), {
      entry: 'media-failure',
      functionName: name('failure'),
      roleName: roleName('failure'),
      description: 'Records media jobs that failed after their retries',
      size: sizes.failureHandler,
      environment: environment(),
      logSink: this.logSinkRef,
    });
    this.failureHandler.policy
      .ossWrite(this.outputBucketName, MEDIA_DEFAULTS.failurePrefix)
      .ots(table.instanceName, table.tableName, [...OTS_READ, ...OTS_WRITE]);

    this.transcoder = new PatternFunction(this, childId(id, 'Transcoder'), {
      entry: 'media-transcoder',
      functionName: name('transcoder'),
      roleName: roleName('transcoder'),
      description: 'Transcodes one rendition (or the thumbnails) of a media job',
      size: sizes.transcoder,
      environment: environment(),
      layers,
      logSink: this.logSinkRef,
    });
    this.transcoder.policy
      .ossRead(this.sourceBucketName, this.settings.inputPrefix)
      .ossWrite(this.outputBucketName, this.settings.outputPrefix)
      .ots(table.instanceName, table.tableName, [...OTS_READ, ...OTS_WRITE]);
    if (this.settings.watermark) this.transcoder.policy.ossRead(this.sourceBucketName, this.settings.watermark.key);
    if (this.settings.cdn) this.transcoder.policy.cdnPrefetch(this.settings.cdn.domain);
    // Prefetching 'all' lists the job's outputs to find every segment.
    if (this.settings.cdn?.prefetch === 'all') this.transcoder.policy.ossList(this.outputBucketName);

    this.planner = new PatternFunction(this, childId(id, 'Planner'), {
      entry: 'media-planner',
      functionName: name('planner'),
      roleName: roleName('planner'),
      description: 'Claims, probes and plans each upload, then fans out transcoders',
      size: sizes.planner,
      environment: environment({ [MEDIA_ENV.transcoderFunction]: this.transcoder.functionName }),
      layers,
      logSink: this.logSinkRef,
    });
    this.planner.policy
      .ossRead(this.sourceBucketName, this.settings.inputPrefix)
      .ots(table.instanceName, table.tableName, [...OTS_READ, ...OTS_WRITE])
      .fcInvoke(this.transcoder.functionName);

    const asyncOptions = {
      maxRetries: props.maxRetries ?? MEDIA_DEFAULTS.maxRetries,
      maxEventAgeSeconds: props.maxEventAgeSeconds ?? MEDIA_DEFAULTS.maxEventAgeSeconds,
    };
    this.planner.configureAsync({ ...asyncOptions, onFailure: this.failureHandler });
    this.transcoder.configureAsync({ ...asyncOptions, onFailure: this.failureHandler });
    // The failure handler is the end of the line: it writes each payload to OSS before anything
    // else and gets the most retries FC allows; a destination of its own would only loop.
    this.failureHandler.configureAsync({ maxRetries: 8, maxEventAgeSeconds: asyncOptions.maxEventAgeSeconds });
    suppress(this.failureHandler.function, 'FSC-FC2', 'Terminal failure handler: it stores each failure payload in OSS first and retries 8 times; a destination of its own would loop.');

    this.triggers = new OssTriggers(this, childId(id, 'UploadTrigger'), {
      fn: this.planner,
      bucketName: this.sourceBucketName,
      prefix: this.settings.inputPrefix,
      suffixes,
      roleName: roleName('oss-trigger'),
    });

    const stackOutput = (part: string, value: string, description: string) =>
      new ros.RosOutput(this, childId(id, part), { value, description });
    stackOutput('BucketName', this.sourceBucketName, 'Bucket uploads go to');
    stackOutput('UploadPrefix', this.settings.inputPrefix, 'Upload videos under this prefix');
    stackOutput('OutputBucketName', this.outputBucketName, 'Bucket outputs are written to');
    stackOutput('OutputPrefix', this.settings.outputPrefix, 'Outputs of <key> are under <prefix><key>/');
    stackOutput('JobTable', table.tableName, 'Table Store table holding job status (primary key jobId)');
  }

  private bucket(existing: BucketRef | undefined, props: NonNullable<MediaPipelineProps['sourceBucketProps']>, v: Validator, prop: string, part: string) {
    if (existing) return { ref: existing, created: undefined };
    const created = new SecureBucket(this, childId(this.node.id, part), props, v, prop, part.toLowerCase());
    return { ref: created as BucketRef, created };
  }
}
