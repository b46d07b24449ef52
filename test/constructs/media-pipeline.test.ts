import * as ros from '@alicloud/ros-cdk-core';
import * as fc3 from '@alicloud/ros-cdk-fc3';
import * as oss from '@alicloud/ros-cdk-oss';
import * as ots from '@alicloud/ros-cdk-ots';
import * as sls from '@alicloud/ros-cdk-sls';
import { MediaPipeline, MediaPipelineProps } from '../../constructs';
import { lintTemplate, lintTemplateDetailed, suppress } from '../../constructs/core/lint';
import { Capture, Match, Template } from '../../constructs/testing';

const QUALIFIER = 'fsctest';

function stackWith(...pipelines: Array<[string, MediaPipelineProps]>): ros.Stack {
  const app = new ros.App();
  const stack = new ros.Stack(app, 'TestStack', { synthesizer: new ros.DefaultStackSynthesizer({ qualifier: QUALIFIER }) });
  for (const [id, props] of pipelines) new MediaPipeline(stack, id, props);
  return stack;
}

const FULL_PROPS: MediaPipelineProps = {
  sourceBucketProps: { bucketName: 'my-media-source', encryption: 'KMS', kmsKeyId: 'key-123', versioning: true, redundancy: 'LRS' },
  inputPrefix: 'in/',
  inputSuffixes: ['.mp4', '.mov'],
  outputBucketProps: { bucketName: 'my-media-output' },
  outputPrefix: 'out/',
  ladder: [
    { name: 'hd', height: 720, videoBitrate: 2500, audioBitrate: 128 },
    { name: 'sd', height: 360, videoBitrate: 800, audioBitrate: 96 },
  ],
  packaging: 'mp4',
  segmentSeconds: 4,
  watermark: { key: 'brand/logo.png', position: 'bottom-left', marginPx: 8, widthFraction: 0.1 },
  thumbnails: { count: 5, width: 480 },
  cdn: { domain: 'cdn.example.com', prefetch: 'all', dailyQuota: 500, area: 'overseas' },
  jobTableProps: { instanceName: 'media-jobs', tableName: 'media_jobs', retentionDays: 90 },
  logSinkProps: { projectName: 'my-media-logs', logstoreName: 'media', retentionDays: 7 },
  ffmpegLayerArn: 'acs:fc:cn-hangzhou:123456789:layers/my-ffmpeg/versions/3',
  planner: { memorySize: 2048, cpu: 1, timeout: 300 },
  transcoder: { memorySize: 8192, cpu: 4, timeout: 7200, diskSize: 10240 },
  failureHandler: { memorySize: 256, cpu: 0.1 },
  maxRetries: 4,
  maxEventAgeSeconds: 7200,
};

describe('MediaPipeline with minimal props', () => {
  const template = Template.fromStack(stackWith(['Media', {}]));

  test('creates a private, encrypted bucket with public access blocked', () => {
    template.resourceCountIs('ALIYUN::OSS::Bucket', 1);
    template.hasResourceProperties('ALIYUN::OSS::Bucket', {
      AccessControl: 'private',
      BlockPublicAccess: true,
      ServerSideEncryptionConfiguration: { SSEAlgorithm: 'AES256' },
      BucketName: { 'Fn::Sub': Match.stringLikeRegexp('^media-source-[0-9a-f]{8}-\\$\\{ALIYUN::Region\\}-\\$\\{ALIYUN::TenantId\\}$') },
    });
  });

  test('creates four functions with embedded code, own roles and logs; the two that run ffmpeg on custom.debian10', () => {
    template.resourceCountIs('ALIYUN::FC3::Function', 4);
    for (const [entry, layered] of [['Planner', true], ['Transcoder', true], ['FailureHandler', false], ['Reaper', false]] as const) {
      const fn = template.findResources('ALIYUN::FC3::Function')[`Media${entry}Function`];
      expect(fn).toBeDefined();
      expect(fn.Properties).toMatchObject({
        Runtime: layered ? 'custom.debian10' : 'nodejs20',
        Handler: 'index.handler',
        Code: { ZipFile: expect.stringMatching(/^UEsDB/) },
        Role: { 'Fn::GetAtt': [`Media${entry}Role`, 'Arn'] },
        LogConfig: { Project: { 'Fn::GetAtt': ['MediaLogsProject', 'Name'] }, Logstore: { 'Fn::GetAtt': ['MediaLogsLogstore', 'LogstoreName'] } },
      });
      expect('Layers' in (fn.Properties as object)).toBe(layered);
    }
    template.hasResourceProperties('ALIYUN::FC3::Function', {
      MemorySize: 4096,
      Cpu: 2,
      Timeout: 3600,
      DiskSize: 10240,
      // FFmpeg alone: no bundle needs an SDK layer.
      Layers: Match.arrayEquals([{ 'Fn::Sub': 'acs:fc:${ALIYUN::Region}:official:layers/FFmpeg6x/versions/1' }]),
      CustomRuntimeConfig: { Command: ['/var/fc/lang/nodejs20/bin/node'], Args: ['/code/index.js'], Port: 9000 },
      EnvironmentVariables: Match.not(Match.objectLike({ NODE_PATH: Match.anyValue() })),
    });
  });

  test('triggers the planner with one OSS trigger on uploads/ (suffixes are the planner\'s), through a role that may only invoke it', () => {
    // One OSS trigger; the other trigger is the reaper's timer.
    template.resourceCountIs('ALIYUN::FC3::Trigger', 2);
    template.hasResourceProperties('ALIYUN::FC3::Trigger', {
      TriggerType: 'timer',
      FunctionName: { 'Fn::GetAtt': ['MediaReaperFunction', 'FunctionName'] },
    });
    template.hasResourceProperties('ALIYUN::FC3::Trigger', {
      TriggerType: 'oss',
      FunctionName: { 'Fn::GetAtt': ['MediaPlannerFunction', 'FunctionName'] },
      InvocationRole: { 'Fn::GetAtt': ['MediaUploadTriggerRole', 'Arn'] },
      TriggerConfig: {
        events: Match.arrayWith(['oss:ObjectCreated:PutObject', 'oss:ObjectCreated:CompleteMultipartUpload']),
        filter: Match.exact({ key: { prefix: 'uploads/' } }),
      },
    });
    template.hasResourceProperties('ALIYUN::RAM::Role', {
      AssumeRolePolicyDocument: { Statement: [{ Principal: { Service: ['oss.aliyuncs.com'] } }] },
      Policies: [{ PolicyDocument: { Statement: [{ Action: ['fc:InvokeFunction'], Effect: 'Allow' }] } }],
    });
  });

  test('retries planner and transcoder boundedly, then sends failures to the failure handler', () => {
    template.resourceCountIs('ALIYUN::FC3::AsyncInvokeConfig', 4);
    for (const entry of ['Planner', 'Transcoder', 'Reaper']) {
      template.hasResourceProperties('ALIYUN::FC3::AsyncInvokeConfig', {
        FunctionName: { 'Fn::GetAtt': [`Media${entry}Function`, 'FunctionName'] },
        MaxAsyncRetryAttempts: 2,
        MaxAsyncEventAgeInSeconds: 86400,
        DestinationConfig: { OnFailure: { Destination: { 'Fn::Sub': Match.anyValue() } } },
      });
    }
  });

  test('scopes every role to its bucket prefixes, table and functions', () => {
    const roles = template.findResources('ALIYUN::RAM::Role');
    const actions = (id: string) =>
      (roles[id].Properties as any).Policies[0].PolicyDocument.Statement.flatMap((s: { Action: string[] }) => s.Action);
    expect(actions('MediaPlannerRole')).toEqual(expect.arrayContaining(['oss:GetObject', 'ots:PutRow', 'fc:InvokeFunction', 'log:PostLogStoreLogs']));
    expect(actions('MediaPlannerRole')).not.toContain('oss:PutObject');
    expect(actions('MediaTranscoderRole')).not.toContain('oss:ListObjects');
    expect(actions('MediaTranscoderRole')).toEqual(expect.arrayContaining(['oss:PutObject', 'ots:UpdateRow', 'fc:InvokeFunction']));
    expect(actions('MediaFailureHandlerRole')).toEqual(expect.arrayContaining(['oss:PutObject', 'ots:UpdateRow']));
    const transcoderWrites = (roles.MediaTranscoderRole.Properties as any).Policies[0].PolicyDocument.Statement.find((s: { Action: string[] }) =>
      s.Action.includes('oss:PutObject'),
    );
    expect(JSON.stringify(transcoderWrites.Resource)).toContain('/processed/*');
  });

  test('keeps job status in a Table Store table keyed by jobId, in the stack\'s shared instance', () => {
    template.resourceCountIs('ALIYUN::OTS::Instance', 1);
    template.hasResourceProperties('ALIYUN::OTS::Table', {
      InstanceName: { 'Fn::GetAtt': ['FscSharedTableStoreInstance', 'InstanceName'] },
      TableName: 'Media_jobs',
      PrimaryKey: [{ Name: 'jobId', Type: 'STRING' }],
      MaxVersions: 1,
      TimeToLive: -1,
    });
  });

  test('logs to a Log Service logstore whose index covers the structured log fields', () => {
    template.hasResourceProperties('ALIYUN::SLS::Logstore', { TTL: 30 });
    template.hasResourceProperties('ALIYUN::SLS::Index', {
      KeyIndices: Match.arrayWith([
        Match.objectLike({ Name: 'message', Type: 'json', JsonKeyIndices: Match.arrayWith([Match.objectLike({ Name: 'jobId' })]) }),
      ]),
    });
  });

  test("a user's indexed fields are added to the pattern's, not put in their place", () => {
    const t = Template.fromStack(stackWith(['Media', { logSinkProps: { indexedFields: [{ name: 'tenant', type: 'text' }] } }]));
    const keys = new Capture();
    t.hasResourceProperties('ALIYUN::SLS::Index', { KeyIndices: Match.arrayWith([Match.objectLike({ Name: 'message', JsonKeyIndices: keys })]) });
    const names = keys.asArray().map((k) => (k as { Name: string }).Name);
    expect(names).toEqual(expect.arrayContaining(['jobId', 'level', 'tenant']));
  });

  test('outputs the bucket, the prefixes and the job table', () => {
    template.hasOutput('MediaBucketName', { Value: { 'Fn::GetAtt': ['MediaSourceBucket', 'Name'] } });
    template.hasOutput('MediaUploadPrefix', { Value: 'uploads/' });
    template.hasOutput('MediaOutputPrefix', { Value: 'processed/' });
    template.hasOutput('MediaJobTable', { Value: { 'Fn::GetAtt': ['MediaJobsTable', 'TableName'] } });
  });

  test('passes the settings contract to the functions', () => {
    const fn = template.findResources('ALIYUN::FC3::Function').MediaPlannerFunction;
    const env = (fn.Properties as any).EnvironmentVariables;
    expect(JSON.parse(env.MEDIA_SETTINGS)).toMatchObject({
      inputPrefix: 'uploads/',
      outputPrefix: 'processed/',
      inputSuffixes: ['.mp4', '.mov', '.mkv', '.webm', '.m4v'],
      packaging: 'hls',
      layout: 'balanced',
      chunking: { minSourceSeconds: 60, chunkSeconds: 30 },
      thumbnails: { count: 3, width: 320 },
    });
    const transcoder = template.findResources('ALIYUN::FC3::Function').MediaTranscoderFunction.Properties as any;
    expect(env.TRANSCODER_FUNCTION).toBe(transcoder.FunctionName);
  });

  test('matches the snapshot', () => {
    expect(template.toJSON()).toMatchSnapshot();
  });

  test('lints clean', () => {
    expect(lintTemplate(template.toJSON())).toEqual([]);
  });
});

describe('MediaPipeline with full props', () => {
  const template = Template.fromStack(stackWith(['Media', FULL_PROPS]));

  test('uses the named buckets, table, log sink, layer and sizes', () => {
    template.resourceCountIs('ALIYUN::OSS::Bucket', 2);
    template.hasResourceProperties('ALIYUN::OSS::Bucket', {
      BucketName: 'my-media-source',
      ServerSideEncryptionConfiguration: { SSEAlgorithm: 'KMS', KMSMasterKeyID: 'key-123' },
      VersioningConfiguration: { Status: 'Enabled' },
      RedundancyType: 'LRS',
    });
    template.hasResourceProperties('ALIYUN::OSS::Bucket', { BucketName: 'my-media-output' });
    template.hasResourceProperties('ALIYUN::OTS::Instance', { InstanceName: 'media-jobs' });
    template.hasResourceProperties('ALIYUN::OTS::Table', { TableName: 'media_jobs', TimeToLive: 90 * 86400 });
    template.hasResourceProperties('ALIYUN::SLS::Project', { Name: 'my-media-logs' });
    template.hasResourceProperties('ALIYUN::FC3::Function', {
      MemorySize: 8192,
      Cpu: 4,
      Timeout: 7200,
      Layers: ['acs:fc:cn-hangzhou:123456789:layers/my-ffmpeg/versions/3'],
    });
    template.resourceCountIs('ALIYUN::FC3::Trigger', 2);
    template.hasResourceProperties('ALIYUN::FC3::Trigger', { TriggerConfig: { filter: { key: { prefix: 'in/' } } } });
    template.hasResourceProperties('ALIYUN::FC3::AsyncInvokeConfig', { MaxAsyncRetryAttempts: 4, MaxAsyncEventAgeInSeconds: 7200 });
  });

  test('grants CDN prefetch in the documented form (acs:cdn:*:*:*) and watermark read', () => {
    const role = template.findResources('ALIYUN::RAM::Role').MediaTranscoderRole;
    const text = JSON.stringify(role);
    expect(text).toContain('{"Action":["cdn:PushObjectCache"],"Resource":["acs:cdn:*:*:*"],"Effect":"Allow"}');
    // Prefetch 'all' names the job's own segments: the transcoder never lists the outputs, nor deletes any.
    expect(text).not.toContain('oss:ListObjects');
    expect(text).not.toContain('oss:DeleteObject');
    expect(text).toContain('${Bucket}/brand/logo.png*",{"Bucket":{"Fn::GetAtt":["MediaSourceBucket","Name"]}}');
    expect(text).toContain('${Bucket}/out/*",{"Bucket":{"Fn::GetAtt":["MediaOutputBucket","Name"]}}');
  });

  test('the reaper may delete only under the output prefix, and list the output bucket', () => {
    const role = JSON.stringify(template.findResources('ALIYUN::RAM::Role').MediaReaperRole);
    expect(role).toContain('{"Action":["oss:DeleteObject"],"Resource":[{"Fn::Sub":["acs:oss:*:${ALIYUN::TenantId}:${Bucket}/out/*",');
    const outputBucket = '{"Bucket":{"Fn::GetAtt":["MediaOutputBucket","Name"]}}';
    expect(role).toContain(`{"Action":["oss:ListObjects"],"Resource":[{"Fn::Sub":["acs:oss:*:\${ALIYUN::TenantId}:\${Bucket}",${outputBucket}`);
    expect(role).not.toContain('oss:PutObject');
  });

  test('matches the snapshot', () => {
    expect(template.toJSON()).toMatchSnapshot();
  });

  test('lints clean but for the names the props chose, which every account deploying the template would share', () => {
    const findings = lintTemplate(template.toJSON()).map((f) => `${f.ruleId} ${f.severity} ${f.resource}`);
    expect(findings.sort()).toEqual(
      ['MediaLogsProject', 'MediaOutputBucket', 'MediaSourceBucket', 'MediaTableStoreInstance'].map((r) => `FSC-NAME2 warning ${r}`),
    );
  });
});

describe('MediaPipeline with existing resources', () => {
  const template = Template.fromStack(
    stackWith([
      'Media',
      {
        existingSourceBucket: { bucketName: 'their-bucket' },
        existingJobTable: { instanceName: 'their-ots', tableName: 'jobs', endpoint: 'https://their-ots.cn-hangzhou.ots.aliyuncs.com' },
        existingLogSink: { projectName: 'their-logs', logstoreName: 'fc' },
      },
    ]),
  );

  test('creates none of them and points the functions at them', () => {
    template.resourceCountIs('ALIYUN::OSS::Bucket', 0);
    template.resourceCountIs('ALIYUN::OTS::Instance', 0);
    template.resourceCountIs('ALIYUN::SLS::Project', 0);
    template.hasResourceProperties('ALIYUN::FC3::Function', {
      LogConfig: { Project: 'their-logs', Logstore: 'fc' },
      EnvironmentVariables: { SOURCE_BUCKET: 'their-bucket', JOB_TABLE: 'jobs' },
    });
    template.hasResourceProperties('ALIYUN::FC3::Trigger', {
      SourceArn: { 'Fn::Sub': 'acs:oss:${ALIYUN::Region}:${ALIYUN::TenantId}:their-bucket' },
    });
    expect(lintTemplate(template.toJSON())).toEqual([]);
  });
});

describe('completion notices', () => {
  test('to an MNS topic: a notifier whose successful invocations FC delivers there, queued by every function that ends a job', () => {
    const template = Template.fromStack(stackWith(['Media', { completion: { topic: { topicName: 'media-done' } } }]));
    template.resourceCountIs('ALIYUN::FC3::Function', 5);
    const destination = { 'Fn::Sub': 'acs:mns:${ALIYUN::Region}:${ALIYUN::TenantId}:/topics/media-done/messages' };
    template.hasResourceProperties('ALIYUN::FC3::AsyncInvokeConfig', {
      FunctionName: Match.anyValue(),
      DestinationConfig: { OnSuccess: { Destination: destination }, OnFailure: { Destination: Match.anyValue() } },
    });
    const notifierName = (template.findResources('ALIYUN::FC3::Function').MediaCompletionNotifierFunction.Properties as { FunctionName: unknown })
      .FunctionName;
    template.resourcePropertiesCountIs('ALIYUN::FC3::Function', { EnvironmentVariables: { NOTIFIER_FUNCTION: notifierName } }, 4);
    template.allResourcesProperties('ALIYUN::FC3::Function', {
      EnvironmentVariables: { MEDIA_SETTINGS: Match.serializedJson({ notifyCompletion: true }) },
    });
    const policy = JSON.stringify(template.findResources('ALIYUN::RAM::Role').MediaCompletionNotifierRole);
    expect(policy).toContain('mns:PublishMessage');
    expect(policy).toContain('/topics/media-done/messages');
    expect(JSON.stringify(template.findResources('ALIYUN::RAM::Role').MediaReaperRole)).toContain('ots:GetRow');
    expect(lintTemplate(template.toJSON())).toEqual([]);
  });

  test('to an FC function of the stack: its fc3.Function, invoked with the notifier role', () => {
    const stack = stackWith();
    const theirs = new fc3.Function(stack, 'OnDone', {
      functionName: 'on-media-done',
      handler: 'index.handler',
      runtime: 'nodejs20',
      code: { zipFile: 'UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==' },
    });
    new MediaPipeline(stack, 'Media', { completion: { function: theirs } });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('ALIYUN::FC3::AsyncInvokeConfig', {
      DestinationConfig: Match.objectLike({
        OnSuccess: {
          Destination: {
            'Fn::Sub': [
              'acs:fc:${ALIYUN::Region}:${ALIYUN::TenantId}:functions/${Function}',
              { Function: { 'Fn::GetAtt': ['OnDone', 'FunctionName'] } },
            ],
          },
        },
      }),
    });
  });

  test('no destination, no notifier; a wrong one fails at construction', () => {
    const notifying = { EnvironmentVariables: { NOTIFIER_FUNCTION: Match.anyValue() } };
    Template.fromStack(stackWith(['Media', {}])).resourcePropertiesCountIs('ALIYUN::FC3::Function', notifying, 0);
    expect(() => stackWith(['Media', { completion: {} }])).toThrow(/'completion' = \{\} is invalid: give one destination/);
    const both = { function: { functionName: 'f' }, topic: { topicName: 't' } };
    expect(() => stackWith(['Media', { completion: both }])).toThrow(/'completion' .* give one destination/);
    expect(() => stackWith(['Media', { completion: { topic: { topicName: '1-bad' } } }])).toThrow(/'completion.topic.topicName' = "1-bad".*MNS topic names/);
  });
});

describe('resource props pass through, over the secure defaults', () => {
  const cors = { corsRule: [{ allowedOrigin: ['https://app.example.com'], allowedMethod: ['PUT', 'POST'], allowedHeader: ['*'], maxAgeSeconds: 600 }] };
  const lifecycle = { rule: [{ id: 'expire-uploads', prefix: 'uploads/', status: 'Enabled', expiration: { days: 30 } }] };

  test('CORS, lifecycle, tags and any other bucket property land on the bucket; the secure defaults stay', () => {
    const stack = stackWith([
      'Media',
      {
        tags: { env: 'prod', team: 'video' },
        sourceBucketProps: { cors, lifecycle, tags: { team: 'uploads' }, rosBucketProps: { refererConfiguration: { allowEmptyReferer: false } } },
      },
    ]);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('ALIYUN::OSS::Bucket', {
      CORSConfiguration: { CORSRule: [{ AllowedOrigin: ['https://app.example.com'], AllowedMethod: ['PUT', 'POST'], AllowedHeader: ['*'], MaxAgeSeconds: 600 }] },
      LifecycleConfiguration: { Rule: [{ ID: 'expire-uploads', Prefix: 'uploads/', Status: 'Enabled', Expiration: { Days: 30 } }] },
      Tags: { env: 'prod', team: 'uploads' },
      RefererConfiguration: { AllowEmptyReferer: false },
      BlockPublicAccess: true,
      AccessControl: 'private',
      ServerSideEncryptionConfiguration: { SSEAlgorithm: 'AES256' },
    });
    // The pattern's tags on everything that takes tags, as each type spells them.
    const tagged = { Tags: Match.arrayWith([{ Key: 'env', Value: 'prod' }, { Key: 'team', Value: 'video' }]) };
    template.allResourcesProperties('ALIYUN::FC3::Function', tagged);
    // RAM roles document no Tags in ROS (ALIYUN::RAM::Role): left alone.
    template.resourcePropertiesCountIs('ALIYUN::RAM::Role', { Tags: Match.anyValue() }, 0);
    template.allResourcesProperties('ALIYUN::SLS::Project', tagged);
    template.resourcePropertiesCountIs('ALIYUN::OTS::Instance', { Tags: Match.anyValue() }, 0);
    expect(lintTemplate(template.toJSON())).toEqual([]);
  });

  test('a secure default turned off is reported by the rule pack until suppressed with a reason', () => {
    const stack = stackWith(['Media', { sourceBucketProps: { blockPublicAccess: false, encryption: 'none' } }]);
    expect(lintTemplate(Template.fromStack(stack)).map((f) => f.ruleId)).toEqual(['FSC-OSS1', 'FSC-OSS2']);
    const media = stack.node.findChild('Media') as MediaPipeline;
    suppress(media.sourceBucket!, 'FSC-OSS1', 'a public demo bucket, nothing private in it');
    suppress(media.sourceBucket!, 'FSC-OSS2', 'a public demo bucket, nothing private in it');
    const result = lintTemplateDetailed(Template.fromStack(stack).unmaskedJSON());
    expect(result.findings).toEqual([]);
    expect(result.suppressed.filter((f) => f.resource === 'MediaSourceBucket').map((f) => f.ruleId)).toEqual(['FSC-OSS1', 'FSC-OSS2']);
  });

  test.each([
    ['a reserved tag key', { tags: { 'aliyun:env': 'x' } }, /'tags.aliyun:env' = "aliyun:env" is invalid: a tag key may not start with http:\/\/, https:\/\/, aliyun or acs/],
    ['a tag key with a comma', { tags: { 'a,b': 'x' } }, /'tags.a,b' = "a,b" is invalid: a tag key is 1-64 letters/],
    ['a tag value with a URL', { tags: { site: 'https://x' } }, /'tags.site' = "https:\/\/x" is invalid: a tag value/],
    ['21 tags', { tags: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, 'v'])) }, /'tags' = "21 tags" is invalid: at most 20/],
    ['a bucket name through rosBucketProps', { sourceBucketProps: { rosBucketProps: { bucketName: 'x' } as never } }, /'sourceBucketProps.rosBucketProps.bucketName'.*set sourceBucketProps.bucketName instead/],
    ['an unknown encryption', { sourceBucketProps: { encryption: 'DES' as never } }, /'sourceBucketProps.encryption' = "DES"/],
    // 86400 + (86400 + 3600 + 3600) + 1800 + 43200 s: a row must outlive its last part, its deadline and the segments' grace.
    ['job rows kept 2 days', { jobTableProps: { retentionDays: 2 } }, /'jobTableProps.retentionDays' = 2 is invalid: .*at least 3 days/],
    ['job rows kept 1 day with 12 h events', { maxEventAgeSeconds: 43200, jobTableProps: { retentionDays: 1 } }, /at least 2 days/],
  ])('%s fails at construction', (_name, props, message) => {
    expect(() => stackWith(['Media', props as MediaPipelineProps])).toThrow(message);
  });
});

describe('MediaPipeline with the ROS CDK objects a user has', () => {
  test('an oss.Bucket, an sls.Project and an ots.Instance, their attributes as tokens: no Token.asString, and ours wait for them', () => {
    const stack = stackWith();
    const bucket = new oss.Bucket(stack, 'Uploads', { bucketName: 'their-uploads' });
    const project = new sls.Project(stack, 'Logs', { name: 'their-logs' });
    const instance = new ots.Instance(stack, 'Tables', { instanceName: 'theirs', description: 'already there' });
    const logstore = new sls.Logstore(stack, 'Store', { projectName: project.attrName, logstoreName: 'clips' });
    new MediaPipeline(stack, 'Media', {
      existingSourceBucket: bucket,
      existingLogSink: { project, logstoreName: 'fc' },
      existingJobTable: { tableName: 'jobs', instance },
    });
    new MediaPipeline(stack, 'Clips', { inputPrefix: 'clips/', existingSourceBucket: { bucketName: bucket.attrName }, existingLogSink: logstore });
    const template = Template.fromStack(stack);
    const name = { 'Fn::GetAtt': ['Uploads', 'Name'] };
    template.resourceCountIs('ALIYUN::OSS::Bucket', 1);
    template.resourcePropertiesCountIs('ALIYUN::FC3::Function', { EnvironmentVariables: { SOURCE_BUCKET: name } }, 8);
    const arn = { 'Fn::Sub': [Match.stringLikeRegexp(':\\$\\{Bucket\\}$'), { Bucket: name }] };
    template.hasResourceProperties('ALIYUN::FC3::Trigger', { SourceArn: arn });
    template.hasResourceProperties('ALIYUN::FC3::Function', {
      LogConfig: Match.objectLike({ Project: { 'Fn::GetAtt': ['Logs', 'Name'] }, Logstore: 'fc' }),
      EnvironmentVariables: Match.objectLike({ OTS_INSTANCE: { 'Fn::GetAtt': ['Tables', 'InstanceName'] }, JOB_TABLE: 'jobs' }),
    });
    template.hasResourceProperties('ALIYUN::FC3::Function', {
      LogConfig: Match.objectLike({ Project: { 'Fn::GetAtt': ['Store', 'ProjectName'] }, Logstore: { 'Fn::GetAtt': ['Store', 'LogstoreName'] } }),
    });
    // (The user's own resources have literal names, which the rule pack warns about: theirs to decide.)
    const theirs = ['Uploads', 'Logs', 'Tables', 'Store'];
    expect(lintTemplate(template.toJSON()).filter((f) => !theirs.includes(f.resource ?? ''))).toEqual([]);
  });
});

describe('determinism and composition', () => {
  test('two pipelines in one stack synthesize with distinct ids and names', () => {
    const template = Template.fromStack(stackWith(['Media', {}], ['Clips', { inputPrefix: 'clips/' }]));
    template.resourceCountIs('ALIYUN::FC3::Function', 8);
    template.resourceCountIs('ALIYUN::OSS::Bucket', 2);
    const names = Object.values(template.findResources('ALIYUN::FC3::Function')).map((r) => JSON.stringify((r.Properties as any).FunctionName));
    expect(new Set(names).size).toBe(8);
    expect(lintTemplate(template.toJSON())).toEqual([]);
  });

  test('two synths produce byte-identical templates', () => {
    const once = () => JSON.stringify(Template.fromStack(stackWith(['Media', FULL_PROPS], ['Other', {}])).toJSON());
    expect(once()).toBe(once());
  });
});

describe('bad props fail at construction, naming the prop', () => {
  const cases: Array<[string, MediaPipelineProps, RegExp]> = [
    ['output prefix matched by the trigger', { inputPrefix: 'media/', outputPrefix: 'media/out/' }, /'outputPrefix' = "media\/out\/".*trigger filter/],
    ['input prefix covering the output prefix', { inputPrefix: '', outputPrefix: 'processed/' }, /'outputPrefix'.*trigger filter/],
    ['bucket name with capitals', { sourceBucketProps: { bucketName: 'My_Bucket' } }, /'sourceBucketProps.bucketName' = "My_Bucket".*3-63/],
    ['empty existing bucket name', { existingSourceBucket: { bucketName: '' } }, /'existingSourceBucket.bucketName' = "" is invalid: OSS bucket names/],
    ['memory not a number', { transcoder: { memorySize: NaN } }, /'transcoder.memorySize' = NaN is invalid/],
    ['memory too small for the default vCPU', { transcoder: { memorySize: 1024 } }, /'transcoder.cpu' = 2 \(the default\) is invalid: with memorySize 1024 MB/],
    ['instance name too long', { jobTableProps: { instanceName: 'a-very-long-instance-name' } }, /'jobTableProps.instanceName'.*3 to 16 characters/],
    ['instance name with a reserved word', { jobTableProps: { instanceName: 'my-ali-jobs' } }, /'jobTableProps.instanceName' = "my-ali-jobs".*reserved word "ali"/],
    ['instance name with a reserved word in capitals', { jobTableProps: { instanceName: 'AdminJobs' } }, /'jobTableProps.instanceName' = "AdminJobs".*reserved word "admin"/],
    ['project name too short', { logSinkProps: { projectName: 'ab' } }, /'logSinkProps.projectName' = "ab"/],
    ['no suffix', { inputSuffixes: [] }, /'inputSuffixes' = \[\].*1 to 50/],
    ['an empty suffix', { inputSuffixes: ['.mp4', ''] }, /'inputSuffixes\[1\]' = "".*not empty/],
    ['a suffix repeated in another case', { inputSuffixes: ['.mp4', '.MP4'] }, /'inputSuffixes\[1\]' = ".MP4".*repeats inputSuffixes\[0\]/],
    ['memory out of range', { transcoder: { memorySize: 100 } }, /'transcoder.memorySize' = 100.*128 to 32768.*multiple of 64/],
    ['timeout out of range', { planner: { timeout: 90000 } }, /'planner.timeout' = 90000.*1 to 86400/],
    ['cpu to memory ratio', { transcoder: { memorySize: 1024, cpu: 4 } }, /'transcoder.cpu' = 4.*1:1 and 1:4/],
    ['ladder rung without a bitrate', { ladder: [{ name: 'hd', height: 720 } as never] }, /'ladder\[0\].videoBitrate'.*bitrate/],
    ['bitrate too low', { ladder: [{ name: 'a', height: 720, videoBitrate: 1, audioBitrate: 64 }] }, /'ladder\[0\].videoBitrate' = 1/],
    ['duplicate rung names', { ladder: [{ name: 'a', height: 720, videoBitrate: 3000, audioBitrate: 64 }, { name: 'a', height: 360, videoBitrate: 800, audioBitrate: 64 }] }, /'ladder\[1\].name' = "a".*unique/],
    ['odd rung height', { ladder: [{ name: 'a', height: 721, videoBitrate: 3000, audioBitrate: 64 }] }, /'ladder\[0\].height' = 721/],
    ['watermark not a png', { watermark: { key: 'logo.jpg' } }, /'watermark.key' = "logo.jpg".*PNG/],
    ['cdn domain with scheme', { cdn: { domain: 'https://video.example.com' } }, /'cdn.domain'.*host name/],
    ['retries out of range', { maxRetries: 9 }, /'maxRetries' = 9/],
    ['both existing and new bucket', { existingSourceBucket: { bucketName: 'b' }, sourceBucketProps: {} }, /'existingSourceBucket'.*sourceBucketProps/],
    ['unknown layout', { layout: 'fast' as never }, /'layout' = "fast" is invalid: must be one of "latency", "balanced", "cost"/],
    ['unknown packaging', { packaging: 'dash' as never }, /'packaging' = "dash".*one of/],
    ['chunking with MP4', { packaging: 'mp4', chunking: { chunkSeconds: 60 } }, /'chunking' = \{"chunkSeconds":60\} is invalid: applies to HLS packaging only/],
    ['chunks shorter than two segments', { segmentSeconds: 10, chunking: { chunkSeconds: 15 } }, /'chunking.chunkSeconds' = 15.*20 to 3600/],
    ['chunking a source shorter than a chunk', { chunking: { minSourceSeconds: 20 } }, /'chunking.minSourceSeconds' = 20.*30 to 86400/],
    ['a rung named like the audio folder', { ladder: [{ name: 'audio', height: 720, videoBitrate: 3000, audioBitrate: 64 }] }, /'ladder\[0\].name' = "audio".*must not be thumbnails or audio/],
    ['kms key without kms', { sourceBucketProps: { kmsKeyId: 'k' } }, /'sourceBucketProps.kmsKeyId'.*KMS/],
  ];
  test.each(cases)('%s', (_name, props, message) => {
    expect(() => stackWith(['Media', props])).toThrow(message);
  });

  test('chunking: false or MP4 packaging renders every source whole; given values replace the defaults', () => {
    const settingsOf = (props: MediaPipelineProps) => {
      const fn = Template.fromStack(stackWith(['Media', props])).findResources('ALIYUN::FC3::Function').MediaPlannerFunction;
      return JSON.parse((fn.Properties as any).EnvironmentVariables.MEDIA_SETTINGS);
    };
    expect(settingsOf({ chunking: false }).chunking).toBeUndefined();
    expect(settingsOf({ packaging: 'mp4' }).chunking).toBeUndefined();
    expect(settingsOf({ chunking: { chunkSeconds: 120 } }).chunking).toEqual({ minSourceSeconds: 60, chunkSeconds: 120 });
  });

  test('the error names the construct instance', () => {
    expect(() => stackWith(['Clips', { maxRetries: -1 }])).toThrow(/^MediaPipeline 'Clips': prop 'maxRetries' = -1 is invalid/);
  });
});
