import { OTS_INSTANCE_RESERVED_WORDS, otsInstanceNameProblem } from '../../constructs/core/facts/ots-names';
import { Finding, OFFICIAL_LAYERS, lintTemplate, lintTemplateDetailed, officialLayerArn } from '../../constructs/core/lint';

type Json = any; // templates are plain JSON in these tests

const fn = (runtime: string, layers: unknown[]): Json => ({
  Type: 'ALIYUN::FC3::Function',
  Properties: {
    FunctionName: 'probe', Handler: 'index.handler', Runtime: runtime, Code: { ZipFile: 'UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==' }, Layers: layers,
  },
});
const role = (actions: unknown[]): Json => ({
  Type: 'ALIYUN::RAM::Role',
  Properties: {
    RoleName: 'probe',
    AssumeRolePolicyDocument: {
      Version: '1', Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: ['fc.aliyuncs.com'] } }],
    },
    Policies: [{ PolicyName: 'probe', PolicyDocument: { Version: '1', Statement: [{ Effect: 'Allow', Action: actions, Resource: ['*'] }] } }],
  },
});
const lint = (resources: Record<string, Json>) => lintTemplate({ ROSTemplateFormatVersion: '2015-09-01', Resources: resources });
const of = (id: string, findings: Finding[]) => findings.filter((f) => f.ruleId === id);

describe('official layers', () => {
  test('officialLayerArn gives the Fn::Sub body for the deploying region at the listed version', () => {
    expect(officialLayerArn('FFmpeg6x')).toBe('acs:fc:${ALIYUN::Region}:official:layers/FFmpeg6x/versions/1');
    expect(officialLayerArn('Nodejs-Aliyun-SDK', 3)).toBe('acs:fc:${ALIYUN::Region}:official:layers/Nodejs-Aliyun-SDK/versions/3');
    expect(OFFICIAL_LAYERS.FFmpeg6x.runtimes).not.toContain('nodejs20');
    expect(OFFICIAL_LAYERS.Nodejs20.runtimes).toEqual(['custom.debian10', 'custom.debian11', 'custom.debian12']);
  });

  test('FSC-LAYER1 names the function, the layer, its runtime and the compatible list, for Fn::Sub and literal regions', () => {
    const findings = lint({
      Transcode: fn('nodejs20', [{ 'Fn::Sub': officialLayerArn('FFmpeg6x') }, 'acs:fc:cn-shanghai:official:layers/Python310/versions/3']),
    });
    expect(of('FSC-LAYER1', findings).map((f) => [f.severity, f.path])).toEqual([
      ['error', 'Properties.Layers[0]'], ['error', 'Properties.Layers[1]'],
    ]);
    expect(of('FSC-LAYER1', findings)[0].message).toBe(
      'function Transcode has runtime nodejs20 but official layer FFmpeg6x '
        + '(acs:fc:{ALIYUN::Region}:official:layers/FFmpeg6x/versions/1) supports only '
        + 'custom, custom.debian10, python3.10, python3.9, nodejs14, nodejs16, java8, java11: FC rejects the function with '
        + '"runtime: nodejs20 is not supported by layer". Use a compatible runtime or another layer.',
    );
  });

  test('FSC-LAYER1 is quiet on compatible runtimes and custom layers; FSC-LAYER2 warns about unlisted versions', () => {
    const findings = lint({
      Ok: fn('custom.debian10', [{ 'Fn::Sub': officialLayerArn('FFmpeg6x') }, { 'Fn::Sub': officialLayerArn('Nodejs20') }]),
      Custom: fn('nodejs20', ['acs:fc:cn-hangzhou:1234567890:layers/ffmpeg/versions/1']),
      Newer: fn('custom.debian10', ['acs:fc:cn-hangzhou:official:layers/FFmpeg6x/versions/2']),
    });
    expect(of('FSC-LAYER1', findings)).toEqual([]);
    expect(of('FSC-LAYER2', findings).map((f) => [f.resource, f.severity])).toEqual([['Newer', 'warning']]);
  });

  test('FSC-LAYER3 allows five layers and rejects six', () => {
    const custom = (n: number) => Array.from({ length: n }, (_, i) => `acs:fc:cn-hangzhou:1234567890:layers/l${i}/versions/1`);
    const findings = lint({ Five: fn('custom.debian10', custom(5)), Six: fn('custom.debian10', custom(6)) });
    expect(of('FSC-LAYER3', findings).map((f) => f.resource)).toEqual(['Six']);
  });
});

describe('names', () => {
  test.each([
    ['media-idx', undefined],
    ['m1', /3 to 16/],
    ['a'.repeat(17), /3 to 16/],
    ['media_idx', /letters, digits and hyphens/],
    ['1media', /start with a letter/],
    ['media-', /end with a hyphen/],
    ['MyOtsIndex', /reserved word "ots"/],
    ['ADMIN-1', /reserved word "admin"/],
    ['paypal', /reserved word "ay"/],
  ])('otsInstanceNameProblem(%s)', (name, problem) => {
    const found = otsInstanceNameProblem(name);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toMatch(problem);
  });

  test('the reserved words are the ones CreateInstance lists', () => {
    expect(OTS_INSTANCE_RESERVED_WORDS).toEqual(['ali', 'ay', 'ots', 'taobao', 'admin']);
  });

  test('FSC-NAME1 checks literal names of every Tablestore instance type, not expressions', () => {
    const findings = lint({
      A: { Type: 'ALIYUN::OTS::InstanceV2', Properties: { InstanceName: 'taobao-idx' } },
      B: { Type: 'ALIYUN::OTS::VCUInstance', Properties: { InstanceName: 'x' } },
      C: { Type: 'ALIYUN::OTS::Instance', Properties: { InstanceName: { 'Fn::Sub': 'admin${ALIYUN::TenantId}' } } },
    });
    expect(of('FSC-NAME1', findings).map((f) => [f.resource, f.severity])).toEqual([['A', 'error'], ['B', 'error']]);
  });

  test('FSC-NAME2 flags names without an account- or stack-unique part, for buckets, Tablestore instances and Log projects', () => {
    const findings = lint({
      Literal: { Type: 'ALIYUN::OSS::Bucket', Properties: { BucketName: 'media' } },
      RegionOnly: { Type: 'ALIYUN::SLS::Project', Properties: { Name: { 'Fn::Sub': 'logs-${ALIYUN::Region}-${ALIYUN::StackName}' } } },
      Instance: { Type: 'ALIYUN::OTS::Instance', Properties: { InstanceName: 'media-idx' } },
      Account: { Type: 'ALIYUN::OSS::Bucket', Properties: { BucketName: { 'Fn::Join': ['-', ['media', { Ref: 'ALIYUN::AccountId' }]] } } },
      Tenant: { Type: 'ALIYUN::SLS::Project', Properties: { Name: { 'Fn::Sub': 'logs-${ALIYUN::TenantId}' } } },
      Param: { Type: 'ALIYUN::OSS::Bucket', Properties: { BucketName: { Ref: 'BucketName' } } },
      StackPart: {
        Type: 'ALIYUN::OTS::Instance',
        Properties: { InstanceName: { 'Fn::Join': ['', ['idx', { 'Fn::Select': [0, { 'Fn::Split': ['-', { Ref: 'ALIYUN::StackId' }] }] }]] } },
      },
    });
    const hits = of('FSC-NAME2', findings);
    expect(hits.map((f) => [f.resource, f.severity])).toEqual([['Instance', 'warning'], ['Literal', 'warning'], ['RegionOnly', 'warning']]);
    const regionOnly = hits.find((f) => f.resource === 'RegionOnly')?.message;
    expect(regionOnly).toMatch(/^name "logs-\{ALIYUN::Region\}-\{ALIYUN::StackName\}" .* a second account deploying/);
    expect(hits.find((f) => f.resource === 'Instance')?.message).toMatch(/derive part of the name from the stack id/);
  });
});

describe('FSC-RAM2 only real RAM actions', () => {
  test('oss:HeadObject is flagged and the message names the action that authorizes it', () => {
    const [hit] = of('FSC-RAM2', lint({ R: role(['oss:GetObject', 'oss:HeadObject']) }));
    expect(hit).toMatchObject({ resource: 'R', severity: 'error', path: 'Properties.Policies[0].PolicyDocument.Statement[0].Action' });
    expect(hit.message).toMatch(/^action "oss:HeadObject" is not a RAM action: the HeadObject operation is authorized by oss:GetObject/);
  });

  test('every action the constructs grant, and the ones they will grant, is accepted', () => {
    const granted = [
      'oss:GetObject', 'oss:PutObject', 'oss:AbortMultipartUpload', 'oss:ListObjects',
      'ots:GetRow', 'ots:BatchGetRow', 'ots:GetRange', 'ots:PutRow', 'ots:UpdateRow', 'ots:DeleteRow', 'ots:BatchWriteRow',
      'ots:UpdateTable', 'ots:DescribeTable', 'ots:Search', 'fc:InvokeFunction', 'cdn:PushObjectCache', 'cdn:RefreshObjectCaches',
      'mns:SendMessage', 'mns:Subscribe', 'log:PostLogStoreLogs', 'mpush:Push',
    ];
    expect(of('FSC-RAM2', lint({ R: role(granted) }))).toEqual([]);
  });

  test('patterns must match a documented action; other services and intrinsics are not checked', () => {
    const findings = lint({ R: role(['oss:Get*', 'ots:*Row', 'oss:Head*', 'fc:Invoke', 'ecs:Anything', { Ref: 'ALIYUN::Region' }]) });
    expect(of('FSC-RAM2', findings).map((f) => /^action "([^"]+)"/.exec(f.message)?.[1])).toEqual(['oss:Head*']);
    expect(of('FSC-RAM2', findings)[0].message).toMatch(/matches no documented oss RAM action/);
    // fc's list is built from operation names, not a full action table: a warning, not an error.
    expect(of('FSC-RAM3', findings).map((f) => [/^action "([^"]+)"/.exec(f.message)?.[1], f.severity])).toEqual([['fc:Invoke', 'warning']]);
    expect(of('FSC-RAM3', findings)[0].message).toMatch(/may be incomplete/);
  });

  test('managed policies are checked too', () => {
    const findings = lint({
      P: {
        Type: 'ALIYUN::RAM::ManagedPolicy',
        Properties: { PolicyName: 'p', PolicyDocument: { Version: '1', Statement: [{ Effect: 'Deny', Action: 'log:PutLogs', Resource: '*' }] } },
      },
    });
    expect(of('FSC-RAM3', findings).map((f) => [f.resource, f.path])).toEqual([['P', 'Properties.PolicyDocument.Statement[0].Action']]);
  });
});

test('the new rules can be suppressed with a reason', () => {
  const reason = (id: string) => ({ 'fc-solution-constructs:suppressions': [{ id, reason: 'verified against the live service' }] });
  const { findings, suppressed } = lintTemplateDetailed({
    Resources: {
      F: { ...fn('nodejs20', [{ 'Fn::Sub': officialLayerArn('FFmpeg6x') }]), Metadata: reason('FSC-LAYER1') },
      B: { Type: 'ALIYUN::OSS::Bucket', Properties: { BucketName: 'shared' }, Metadata: reason('FSC-NAME2') },
      R: { ...role(['oss:HeadObject']), Metadata: reason('FSC-RAM2') },
    },
  });
  expect(findings.map((f) => f.ruleId)).not.toEqual(expect.arrayContaining(['FSC-LAYER1', 'FSC-NAME2', 'FSC-RAM2']));
  expect(suppressed.map((f) => [f.ruleId, f.resource])).toEqual([['FSC-LAYER1', 'F'], ['FSC-NAME2', 'B'], ['FSC-RAM2', 'R']]);
});
