import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as ros from '@alicloud/ros-cdk-core';
import * as fc3 from '@alicloud/ros-cdk-fc3';
import * as oss from '@alicloud/ros-cdk-oss';
import * as ram from '@alicloud/ros-cdk-ram';
import { Finding, RULES, formatFindings, lintTemplate, lintTemplateDetailed, suppress } from '../../constructs/core/lint';

type Json = any; // templates are plain JSON in these tests

/** A small template that is clean under every rule: the shape our constructs emit. */
function cleanTemplate(): Json {
  const bucketName = { 'Fn::GetAtt': ['Uploads', 'Name'] };
  return {
    ROSTemplateFormatVersion: '2015-09-01',
    Parameters: { Env: { Type: 'String', Default: 'dev' } },
    Resources: {
      Uploads: {
        Type: 'ALIYUN::OSS::Bucket',
        Properties: {
          BucketName: { 'Fn::Sub': 'media-uploads-${ALIYUN::TenantId}' },
          AccessControl: 'private',
          BlockPublicAccess: true,
          ServerSideEncryptionConfiguration: { SSEAlgorithm: 'AES256' },
        },
      },
      WorkerRole: {
        Type: 'ALIYUN::RAM::Role',
        Properties: {
          RoleName: 'worker-role',
          AssumeRolePolicyDocument: {
            Version: '1',
            Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: ['fc.aliyuncs.com'] } }],
          },
          Policies: [{
            PolicyName: 'worker',
            PolicyDocument: {
              Version: '1',
              Statement: [
                { Effect: 'Allow', Action: ['oss:GetObject'], Resource: [{ 'Fn::Sub': ['acs:oss:*:*:${B}/uploads/*', { B: bucketName }] }] },
                { Effect: 'Allow', Action: ['oss:PutObject'], Resource: [{ 'Fn::Join': ['', ['acs:oss:*:*:', bucketName, '/outputs/*']] }] },
                // Mobile Push has no resource-level authorisation: "*" resource with a specific action is fine.
                { Effect: 'Allow', Action: ['mpush:Push'], Resource: ['*'] },
              ],
            },
          }],
        },
      },
      Worker: {
        Type: 'ALIYUN::FC3::Function',
        Properties: {
          FunctionName: { 'Fn::Sub': 'worker-${Env}' },
          Handler: 'index.handler',
          Runtime: 'nodejs20',
          Role: { 'Fn::GetAtt': ['WorkerRole', 'Arn'] },
          Code: { ZipFile: 'UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==' },
          LogConfig: { Project: 'logs', Logstore: 'fc' },
          Layers: [{ 'Fn::Sub': 'acs:fc:${ALIYUN::Region}:official:layers/Nodejs-Aliyun-SDK/versions/4' }],
        },
      },
      UploadTrigger: {
        Type: 'ALIYUN::FC3::Trigger',
        Properties: {
          FunctionName: { 'Fn::GetAtt': ['Worker', 'FunctionName'] },
          TriggerName: 'on-upload',
          TriggerType: 'oss',
          SourceArn: { 'Fn::Sub': 'acs:oss:${ALIYUN::Region}:${ALIYUN::TenantId}:media-uploads-${ALIYUN::TenantId}' },
          TriggerConfig: { events: ['oss:ObjectCreated:*'], filter: { key: { prefix: 'uploads/', suffix: '.mp4' } } },
        },
        DependsOn: ['Uploads'],
      },
      WorkerAsync: {
        Type: 'ALIYUN::FC3::AsyncInvokeConfig',
        Properties: {
          FunctionName: { 'Fn::GetAtt': ['Worker', 'FunctionName'] },
          MaxAsyncRetryAttempts: 2,
          DestinationConfig: { OnFailure: { Destination: { 'Fn::Sub': 'acs:mns:${ALIYUN::Region}:${ALIYUN::TenantId}:/queues/dlq/messages' } } },
        },
      },
    },
    Outputs: { UploadsName: { Value: bucketName }, Literal: { Value: { 'Fn::Sub': '${!NotAPlaceholder}-${Uploads.Arn}' } } },
  };
}

const ruleIds = (findings: Finding[]) => findings.map((f) => f.ruleId);
const lintWith = (mutate: (t: Json) => void) => {
  const t = cleanTemplate();
  mutate(t);
  return lintTemplate(t);
};
const of = (id: string, findings: Finding[]) => findings.filter((f) => f.ruleId === id);
const res = (t: Json) => t.Resources;
const workerStatements = (t: Json) => res(t).WorkerRole.Properties.Policies[0].PolicyDocument.Statement;
const secondTrigger = (t: Json, over: Json) => {
  res(t).HdTrigger = JSON.parse(JSON.stringify(res(t).UploadTrigger));
  Object.assign(res(t).HdTrigger.Properties, over);
};

test('the clean template has no findings at all', () => {
  expect(lintTemplate(cleanTemplate())).toEqual([]);
});

/** For every rule: a mutation that must trigger it on `resource`, and (optionally) a near miss that must not. */
const cases: Array<{ id: string; resource?: string; fire: (t: Json) => void; nearMiss?: (t: Json) => void }> = [
  { id: 'FSC-SPEC1', resource: 'Uploads', fire: (t) => (res(t).Uploads.Type = 'ALIYUN::OSS::Buckett') },
  {
    id: 'FSC-SPEC2', resource: 'Worker',
    fire: (t) => delete res(t).Worker.Properties.Handler, // FC3 is not in the spec: required-ness comes from the L1 package
    nearMiss: (t) => delete res(t).Worker.Properties.Code,
  },
  {
    id: 'FSC-SPEC3', resource: 'Uploads',
    fire: (t) => (res(t).Uploads.Properties.Colour = 'blue'),
    nearMiss: (t) => (res(t).Uploads.Properties.RedundancyType = 'ZRS'), // newer than the spec, known to the L1
  },
  {
    id: 'FSC-SPEC4', resource: 'WorkerRole',
    fire: (t) => (res(t).WorkerRole.Properties.MaxSessionDuration = '3600'),
    nearMiss: (t) => (res(t).WorkerRole.Properties.MaxSessionDuration = { Ref: 'Env' }),
  },
  {
    id: 'FSC-REF1', resource: 'Worker',
    fire: (t) => (res(t).Worker.Properties.Description = { Ref: 'Missing' }),
    nearMiss: (t) => (res(t).Worker.Properties.Description = { 'Fn::Join': ['-', [{ Ref: 'Env' }, { Ref: 'ALIYUN::StackName' }]] }),
  },
  {
    id: 'FSC-REF2', resource: 'Worker',
    fire: (t) => (res(t).Worker.Properties.Description = { 'Fn::GetAtt': ['Uploads', 'Nmae'] }),
    nearMiss: (t) => (res(t).Worker.Properties.Description = { 'Fn::GetAtt': ['UploadTrigger', 'UrlInternet'] }),
  },
  {
    id: 'FSC-REF3', resource: 'Worker',
    fire: (t) => (res(t).Worker.Properties.Description = { 'Fn::Sub': '${Uploads.Name}/${Nope}' }),
    nearMiss: (t) => (res(t).Worker.Properties.Description = { 'Fn::Sub': ['${X}/${!Nope}/${Worker.ARN}', { X: 'x' }] }),
  },
  { id: 'FSC-REF4', resource: 'UploadTrigger', fire: (t) => (res(t).UploadTrigger.DependsOn = ['Ghost']) },
  {
    id: 'FSC-TPL1',
    fire: (t) => (t.Resourcez = {}),
    nearMiss: (t) => Object.assign(t, { Description: 'd', Mappings: {}, Conditions: {}, Metadata: {} }),
  },
  { id: 'FSC-LIM1', fire: (t) => (res(t).Worker.Properties.Code.ZipFile = 'A'.repeat(524_288)) },
  {
    id: 'FSC-LIM2',
    fire: (t) => addLogProjects(t, 196), // 5 + 196 = 201
    nearMiss: (t) => addLogProjects(t, 195),
  },
  {
    id: 'FSC-OSS1', resource: 'Uploads',
    fire: (t) => (res(t).Uploads.Properties.AccessControl = 'public-read'),
  },
  { id: 'FSC-OSS2', resource: 'Uploads', fire: (t) => delete res(t).Uploads.Properties.ServerSideEncryptionConfiguration },
  {
    id: 'FSC-OSS3', resource: 'UploadTrigger',
    // HdTrigger sorts before UploadTrigger, so the later one (UploadTrigger) is reported.
    fire: (t) => secondTrigger(t, { TriggerConfig: { Events: ['oss:ObjectCreated:PutObject'], Filter: { Key: { Prefix: 'uploads/hd/' } } } }),
    nearMiss: (t) =>
      secondTrigger(t, { TriggerConfig: { events: ['oss:ObjectCreated:*'], filter: { key: { prefix: 'uploads/', suffix: '.mov' } } } }),
  },
  {
    id: 'FSC-OSS4', resource: 'UploadTrigger',
    fire: (t) => (workerStatements(t)[1].Resource = [{ 'Fn::Sub': 'acs:oss:*:*:${Uploads.Name}/uploads/out/*' }]),
    nearMiss: (t) => (workerStatements(t)[1].Resource = ['acs:oss:*:*:media-uploads']), // bucket ARN: no object writes
  },
  {
    id: 'FSC-RAM1', resource: 'WorkerRole',
    fire: (t) => (workerStatements(t)[0].Action = ['oss:*']),
    nearMiss: (t) => workerStatements(t).push({ Effect: 'Deny', Action: ['*'], Resource: ['*'] }),
  },
  { id: 'FSC-FC1', resource: 'Worker', fire: (t) => delete res(t).Worker.Properties.LogConfig },
  {
    id: 'FSC-FC3', resource: 'Worker',
    fire: (t) => (res(t).Worker.Properties.InstanceConcurrency = 20),
    nearMiss: (t) => Object.assign(res(t).Worker.Properties, { Runtime: 'custom.debian10', InstanceConcurrency: 20 }),
  },
  {
    id: 'FSC-REF5', resource: 'Worker',
    // The function names itself in its own environment: it could only be created after itself.
    fire: (t) => (res(t).Worker.Properties.EnvironmentVariables = { SELF: { 'Fn::GetAtt': ['Worker', 'FunctionName'] } }),
    // A Sub variable named like the resource is the variable, not the resource.
    nearMiss: (t) => (res(t).Worker.Properties.EnvironmentVariables = { SELF: { 'Fn::Sub': ['${Worker}', { Worker: 'worker-name' }] } }),
  },
  {
    id: 'FSC-LAYER1', resource: 'Worker',
    fire: (t) => res(t).Worker.Properties.Layers.push({ 'Fn::Sub': 'acs:fc:${ALIYUN::Region}:official:layers/FFmpeg6x/versions/1' }),
    nearMiss: (t) => {
      res(t).Worker.Properties.Runtime = 'custom.debian10';
      res(t).Worker.Properties.Layers.push({ 'Fn::Sub': 'acs:fc:${ALIYUN::Region}:official:layers/FFmpeg6x/versions/1' });
    },
  },
  {
    id: 'FSC-LAYER2', resource: 'Worker',
    fire: (t) => res(t).Worker.Properties.Layers.push('acs:fc:cn-hangzhou:official:layers/FFmpeg7x/versions/1'),
    nearMiss: (t) => res(t).Worker.Properties.Layers.push('acs:fc:cn-hangzhou:1234567890:layers/ffmpeg7/versions/2'), // custom layer
  },
  {
    id: 'FSC-LAYER3', resource: 'Worker',
    fire: (t) => addCustomLayers(t, 5), // 1 + 5 = 6
    nearMiss: (t) => addCustomLayers(t, 4),
  },
  {
    id: 'FSC-NAME1', resource: 'Index',
    fire: (t) => (res(t).Index = { Type: 'ALIYUN::OTS::Instance', Properties: { InstanceName: 'media-ali' } }),
    nearMiss: (t) => (res(t).Index = { Type: 'ALIYUN::OTS::Instance', Properties: { InstanceName: { 'Fn::Sub': 'idx${ALIYUN::TenantId}' } } }),
  },
  {
    id: 'FSC-NAME2', resource: 'Uploads',
    fire: (t) => (res(t).Uploads.Properties.BucketName = { 'Fn::Join': ['-', ['media', { Ref: 'ALIYUN::Region' }]] }),
    nearMiss: (t) => (res(t).Uploads.Properties.BucketName = { 'Fn::Join': ['-', ['media', { Ref: 'ALIYUN::StackId' }]] }),
  },
  {
    id: 'FSC-RAM2', resource: 'WorkerRole',
    fire: (t) => (workerStatements(t)[0].Action = ['oss:GetObject', 'oss:HeadObject']),
    nearMiss: (t) => (workerStatements(t)[0].Action = ['oss:Get*', 'OSS:getobject', 'ots:UpdateTable', 'ecs:NotChecked']),
  },
  {
    id: 'FSC-RAM3', resource: 'WorkerRole',
    fire: (t) => (workerStatements(t)[0].Action = ['ots:GetRow', 'ots:GetRows']),
    nearMiss: (t) => (workerStatements(t)[0].Action = ['ots:GetRow', 'oss:HeadObject']),
  },
  {
    id: 'FSC-FC2', resource: 'Worker',
    fire: (t) => delete res(t).WorkerAsync.Properties.MaxAsyncRetryAttempts,
    nearMiss: (t) => {
      delete res(t).WorkerAsync;
      res(t).UploadTrigger.Properties.TriggerType = 'http'; // synchronous: no async config needed
    },
  },
  {
    id: 'FSC-SUP1', resource: 'Uploads',
    fire: (t) => (res(t).Uploads.Metadata = { 'fc-solution-constructs:suppressions': [{ id: 'FSC-OSS1' }] }),
    nearMiss: (t) => (res(t).Uploads.Metadata = { 'fc-solution-constructs:suppressions': [{ id: 'FSC-OSS1', reason: 'public website assets' }] }),
  },
];

function addCustomLayers(t: Json, n: number): void {
  for (let i = 0; i < n; i++) res(t).Worker.Properties.Layers.push(`acs:fc:cn-hangzhou:1234567890:layers/lib${i}/versions/1`);
}

function addLogProjects(t: Json, n: number): void {
  for (let i = 0; i < n; i++) res(t)[`Project${i}`] = { Type: 'ALIYUN::SLS::Project', Properties: { Name: `project-${i}` } };
}

describe.each(cases)('$id', ({ id, resource, fire, nearMiss }) => {
  test('fires on a template that breaks it', () => {
    const hits = of(id, lintWith(fire));
    expect(hits.length).toBeGreaterThan(0);
    expect(hits[0].resource).toBe(resource);
    expect(hits[0].message.length).toBeGreaterThan(20);
  });
  test('stays quiet on a near miss', () => {
    expect(ruleIds(lintWith(nearMiss ?? (() => undefined)))).not.toContain(id);
  });
});

test('every rule in RULES has a case above, with a unique id', () => {
  expect(cases.map((c) => c.id).sort()).toEqual(RULES.map((r) => r.id).sort());
  expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
});

describe('rule details', () => {
  test('FSC-RAM1 also flags a partial wildcard on every resource, an Allow with NotAction, and an attached AdministratorAccess', () => {
    const attach = (name: string) => (t: Json) =>
      (res(t).AdminAttach = { Type: 'ALIYUN::RAM::AttachPolicyToRole', Properties: { PolicyName: name, PolicyType: 'System', RoleName: 'worker' } });
    const hits = (mutate: (t: Json) => unknown) => of('FSC-RAM1', lintWith(mutate)).map((h) => [h.resource, h.path]);
    expect(hits((t) => workerStatements(t).push({ Effect: 'Allow', Action: ['oss:Get*'], Resource: ['*'] }))).toEqual([
      ['WorkerRole', 'Properties.Policies[0].PolicyDocument.Statement[3].Action'],
    ]);
    expect(hits((t) => workerStatements(t).push({ Effect: 'Allow', Action: ['oss:Get*'], Resource: ['acs:oss:*:*:media-uploads/*'] }))).toEqual([]);
    expect(hits((t) => workerStatements(t).push({ Effect: 'Allow', NotAction: ['ram:*'], Resource: ['*'] }))).toEqual([
      ['WorkerRole', 'Properties.Policies[0].PolicyDocument.Statement[3].NotAction'],
    ]);
    expect(hits((t) => workerStatements(t).push({ Effect: 'Deny', NotAction: ['oss:GetObject'], Resource: ['*'] }))).toEqual([]);
    expect(hits(attach('AdministratorAccess'))).toEqual([['AdminAttach', 'Properties.PolicyName']]);
    expect(hits(attach('AliyunOSSReadOnlyAccess'))).toEqual([]);
  });

  test('FSC-SPEC2 also checks spec types, and names the property', () => {
    const hits = of('FSC-SPEC2', lintWith((t) => delete res(t).Uploads.Properties.BucketName));
    expect(hits.map((h) => [h.resource, h.path])).toEqual([['Uploads', 'Properties.BucketName']]);
  });

  test('FSC-SPEC3 is a warning, FSC-SPEC4 checks nested literals', () => {
    const findings = lintWith((t) => {
      res(t).Uploads.Properties.Colour = 'blue';
      res(t).Uploads.Properties.ServerSideEncryptionConfiguration.SSEAlgorithm = 256;
    });
    expect(of('FSC-SPEC3', findings).map((f) => f.severity)).toEqual(['warning']);
    expect(of('FSC-SPEC4', findings).map((f) => f.path)).toEqual(['Properties.ServerSideEncryptionConfiguration.SSEAlgorithm']);
  });

  test('FSC-REF2 knows L1-only attributes and rejects unknown resources', () => {
    const findings = lintWith((t) => {
      t.Outputs.A = { Value: { 'Fn::GetAtt': ['Worker', 'ARN'] } };
      t.Outputs.B = { Value: { 'Fn::GetAtt': ['Nothing', 'Name'] } };
      t.Outputs.C = { Value: { 'Fn::GetAtt': ['Worker', 'Arn'] } };
    });
    expect(of('FSC-REF2', findings).map((f) => f.path)).toEqual(['Outputs.B.Value', 'Outputs.C.Value']);
  });

  test('FSC-OSS1 also fires when BlockPublicAccess is not true', () => {
    const hits = of('FSC-OSS1', lintWith((t) => (res(t).Uploads.Properties.BlockPublicAccess = false)));
    expect(hits.map((h) => h.path)).toEqual(['Properties.BlockPublicAccess']);
  });

  test('FSC-RAM1 flags "*", FullAccess system policies and managed policies', () => {
    const findings = lintWith((t) => {
      workerStatements(t)[2].Action = '*';
      res(t).WorkerRole.Properties.PolicyAttachments = { System: ['AliyunOSSFullAccess', 'AliyunLogReadOnlyAccess'] };
      res(t).Extra = {
        Type: 'ALIYUN::RAM::ManagedPolicy',
        Properties: { PolicyName: 'extra', PolicyDocument: { Version: '1', Statement: [{ Effect: 'Allow', Action: ['fc:*'], Resource: ['*'] }] } },
      };
    });
    expect(of('FSC-RAM1', findings).map((f) => [f.resource, f.path])).toEqual([
      ['Extra', 'Properties.PolicyDocument.Statement[0].Action'],
      ['WorkerRole', 'Properties.Policies[0].PolicyDocument.Statement[2].Action'],
      ['WorkerRole', 'Properties.PolicyAttachments.System'],
    ]);
  });

  test('FSC-OSS3 needs the same bucket', () => {
    const findings = lintWith((t) =>
      secondTrigger(t, { SourceArn: 'acs:oss:cn-hangzhou:123:other-bucket', TriggerConfig: res(t).UploadTrigger.Properties.TriggerConfig }));
    expect(of('FSC-OSS3', findings)).toEqual([]);
  });

  test('FSC-OSS4 sees oss:Put* on the whole bucket, and managed policies attached by role name', () => {
    const wildcard = lintWith((t) => (workerStatements(t)[1] = {
      Effect: 'Allow', Action: ['oss:Put*'], Resource: [{ 'Fn::Sub': 'acs:oss:*:*:media-uploads-${ALIYUN::TenantId}/*' }],
    }));
    expect(of('FSC-OSS4', wildcard)).toHaveLength(1);
    const managed = lintWith((t) => {
      res(t).Writer = {
        Type: 'ALIYUN::RAM::ManagedPolicy',
        Properties: {
          PolicyName: 'writer',
          Roles: [{ 'Fn::GetAtt': ['WorkerRole', 'RoleName'] }],
          PolicyDocument: {
            Version: '1',
            Statement: [
              { Effect: 'Allow', Action: ['oss:PutObject'], Resource: [{ 'Fn::Sub': 'acs:oss:*:*:media-uploads-${ALIYUN::TenantId}/uploads/*' }] },
            ],
          },
        },
      };
    });
    expect(of('FSC-OSS4', managed).map((f) => f.message)).toEqual([
      expect.stringContaining('oss:PutObject on acs:oss:*:*:media-uploads-{ALIYUN::TenantId}/uploads/*'),
    ]);
  });

  test('FSC-FC2 covers functions that are another function\'s async destination', () => {
    const findings = lintWith((t) => {
      res(t).Notifier = JSON.parse(JSON.stringify(res(t).Worker));
      res(t).Notifier.Properties.FunctionName = 'notifier';
      res(t).WorkerAsync.Properties.DestinationConfig.OnSuccess = {
        Destination: { 'Fn::Sub': 'acs:fc:${ALIYUN::Region}:${ALIYUN::TenantId}:functions/notifier' },
      };
    });
    expect(of('FSC-FC2', findings).map((f) => f.resource)).toEqual(['Notifier']);
  });
});

describe('suppressions', () => {
  function l1Stack() {
    const app = new ros.App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'lint-')) });
    const stack = new ros.Stack(app, 'LintStack');
    return { app, stack };
  }
  const synth = (app: ros.App, stack: ros.Stack) => app.synth().getStackArtifact(stack.artifactId).template;

  test('a suppression with a reason silences the rule on that resource only, and is counted', () => {
    const { app, stack } = l1Stack();
    const site = new oss.RosBucket(
      stack,
      'Site',
      {
        bucketName: ros.Fn.sub('site-${ALIYUN::TenantId}'),
        accessControl: 'public-read',
        blockPublicAccess: false,
        serverSideEncryptionConfiguration: { sseAlgorithm: 'AES256' },
      },
      true,
    );
    new oss.RosBucket(
      stack,
      'Other',
      {
        bucketName: ros.Fn.sub('other-${ALIYUN::TenantId}'),
        accessControl: 'public-read',
        blockPublicAccess: true,
        serverSideEncryptionConfiguration: { sseAlgorithm: 'AES256' },
      },
      true,
    );
    site.addMetaData('team', 'web');
    suppress(site, 'FSC-OSS1', 'static website served to the public');
    suppress(site, 'FSC-OSS2', 'nothing secret lives in this bucket');
    const template = synth(app, stack);

    expect(template.Resources.Site.Metadata).toEqual({
      team: 'web',
      'fc-solution-constructs:suppressions': [
        { id: 'FSC-OSS1', reason: 'static website served to the public' },
        { id: 'FSC-OSS2', reason: 'nothing secret lives in this bucket' },
      ],
    });
    const { findings, suppressed } = lintTemplateDetailed(template);
    expect(findings.map((f) => [f.ruleId, f.resource])).toEqual([['FSC-OSS1', 'Other']]);
    expect(suppressed.map((f) => [f.ruleId, f.resource, f.path])).toEqual([
      ['FSC-OSS1', 'Site', 'Properties.AccessControl'],
      ['FSC-OSS1', 'Site', 'Properties.BlockPublicAccess'],
    ]);
  });

  test('suppress() refuses a missing or short reason, naming the rule and the reason', () => {
    const { stack } = l1Stack();
    const bucket = new oss.RosBucket(stack, 'B', { bucketName: 'b' }, true);
    expect(() => suppress(bucket, 'FSC-OSS2', '')).toThrow(/FSC-OSS2.*reason ""/);
    expect(() => suppress(bucket, 'FSC-OSS2', 'because')).toThrow(/FSC-OSS2.*"because"/);
    expect(bucket.rosOptions.metadata).toBeUndefined();
  });

  test('suppress() takes an L2 (its L1 gets the suppression) and refuses a construct of several L1s, naming them', () => {
    const { app, stack } = l1Stack();
    const bucket = new oss.Bucket(stack, 'Assets', { bucketName: 'assets-bucket' });
    suppress(bucket, 'FSC-OSS2', 'assets are public marketing images');
    const group = new ros.Construct(stack, 'Pair');
    new oss.RosBucket(group, 'One', { bucketName: 'one' }, true);
    new oss.RosBucket(group, 'Two', { bucketName: 'two' }, true);
    expect(() => suppress(group, 'FSC-OSS2', 'a reason long enough')).toThrow(/holds 2 L1 resources \(One, Two\)/);
    const template = synth(app, stack);
    const [id] = Object.keys(template.Resources).filter((k) => template.Resources[k].Type === 'ALIYUN::OSS::Bucket' && k.startsWith('Assets'));
    expect(template.Resources[id].Metadata['fc-solution-constructs:suppressions']).toEqual([
      { id: 'FSC-OSS2', reason: 'assets are public marketing images' },
    ]);
  });

  test('suppress() refuses a rule id the pack does not have (a typo would silence nothing), suggesting the near one', () => {
    const { stack } = l1Stack();
    const bucket = new oss.RosBucket(stack, 'B', { bucketName: 'b' }, true);
    expect(() => suppress(bucket, 'fsc-oss2', 'a reason long enough')).toThrow(/"fsc-oss2"\): no such rule; did you mean FSC-OSS2\?/);
    expect(() => suppress(bucket, 'FSC-OS1', 'a reason long enough')).toThrow(/"FSC-OS1"\): no such rule; the rules are FSC-SPEC1/);
    expect(bucket.rosOptions.metadata).toBeUndefined();
  });

  test('a suppression without a reason in the template is an error and silences nothing', () => {
    const findings = lintWith((t) => {
      res(t).Uploads.Properties.AccessControl = 'public-read';
      res(t).Uploads.Metadata = { 'fc-solution-constructs:suppressions': [{ id: 'FSC-OSS1', reason: '' }] };
    });
    expect(ruleIds(findings)).toEqual(['FSC-OSS1', 'FSC-SUP1']);
    expect(findings.map((f) => f.severity)).toEqual(['error', 'error']);
  });
});

test('a template built from real L1 classes lints clean', () => {
  const app = new ros.App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'lint-')) });
  const stack = new ros.Stack(app, 'RealStack');
  const bucket = new oss.RosBucket(stack, 'Media', {
    bucketName: ros.Fn.sub('media-in-${ALIYUN::TenantId}'), blockPublicAccess: true, serverSideEncryptionConfiguration: { sseAlgorithm: 'AES256' },
  }, true);
  const role = new ram.RosRole(stack, 'TranscodeRole', {
    roleName: 'transcode',
    assumeRolePolicyDocument: {
      version: '1',
      statement: [{ action: 'sts:AssumeRole', effect: 'Allow', principal: { service: ['fc.aliyuncs.com'] } }],
    },
    policies: [{
      policyName: 'transcode',
      policyDocument: {
        version: '1',
        statement: [
          { action: ['oss:GetObject'], effect: 'Allow', resource: [ros.Fn.sub('acs:oss:*:*:${B}/in/*', { B: bucket.attrName })] },
          { action: ['oss:PutObject'], effect: 'Allow', resource: [ros.Fn.sub('acs:oss:*:*:${B}/out/*', { B: bucket.attrName })] },
        ],
      },
    }],
  }, true);
  const fn = new fc3.RosFunction(stack, 'Transcode', {
    functionName: 'transcode', handler: 'index.handler', runtime: 'nodejs20', role: role.attrArn,
    code: { zipFile: 'UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==' }, logConfig: { project: 'logs', logstore: 'fc' },
  }, true);
  const trigger = new fc3.RosTrigger(stack, 'OnUpload', {
    functionName: fn.attrFunctionName, triggerName: 'on-upload', triggerType: 'oss',
    sourceArn: ros.Fn.sub('acs:oss:${ALIYUN::Region}:${ALIYUN::TenantId}:${B}', { B: bucket.attrName }),
    triggerConfig: { events: ['oss:ObjectCreated:*'], filter: { key: { prefix: 'in/', suffix: '.mp4' } } },
  }, true);
  trigger.addRosDependency(bucket.logicalId);
  new fc3.RosAsyncInvokeConfig(stack, 'TranscodeAsync', {
    functionName: fn.attrFunctionName, maxAsyncRetryAttempts: 2,
    destinationConfig: { onFailure: { destination: ros.Fn.sub('acs:mns:${ALIYUN::Region}:${ALIYUN::TenantId}:/queues/dlq/messages') } },
  }, true);
  const template = app.synth().getStackArtifact(stack.artifactId).template;
  expect(Object.keys(template.Resources)).toHaveLength(5);
  expect(lintTemplate(template, { templateName: 'RealStack.template.json' })).toEqual([]);

  // The same stack writing into the prefix it is triggered on is caught through the L1-rendered expressions.
  template.Resources.TranscodeRole.Properties.Policies[0].PolicyDocument.Statement[1].Resource[0]['Fn::Sub'][0] = 'acs:oss:*:*:${B}/in/*';
  expect(ruleIds(lintTemplate(template))).toEqual(['FSC-OSS4']);
});

test('findings are sorted deterministically and formatted one per line', () => {
  const mutate = (t: Json) => {
    delete res(t).Worker.Properties.LogConfig;
    res(t).Uploads.Properties.AccessControl = 'public-read-write';
    t.Extra = 1;
  };
  const a = lintWith(mutate);
  const t = cleanTemplate();
  mutate(t);
  const reordered = { ...t, Resources: Object.fromEntries(Object.entries(t.Resources).reverse()) };
  expect(lintTemplate(reordered)).toEqual(a);
  expect(ruleIds(a)).toEqual(['FSC-FC1', 'FSC-OSS1', 'FSC-TPL1']);
  expect(formatFindings(a).split('\n')).toEqual([
    expect.stringMatching(/^WARNING +FSC-FC1 +Worker \(Properties\.LogConfig\): function does not log/),
    expect.stringMatching(/^ERROR +FSC-OSS1 +Uploads \(Properties\.AccessControl\): AccessControl is "public-read-write"/),
    expect.stringMatching(/^ERROR +FSC-TPL1 +\(template\) \(Extra\): top-level key "Extra"/),
  ]);
});

test('the limit messages name the template', () => {
  const t = cleanTemplate();
  addLogProjects(t, 196);
  expect(of('FSC-LIM2', lintTemplate(t, { templateName: 'Big.template.json' }))[0].message).toMatch(/^Big\.template\.json has 201 resources; ROS CreateStack accepts at most 200/);
});
