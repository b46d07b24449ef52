import * as ros from '@alicloud/ros-cdk-core';
import { RosBucket } from '@alicloud/ros-cdk-oss';
import { lintTemplate } from '../../constructs/core/lint';
import { Annotations, Capture, Match, Template, maskZipFiles, snapshotSerializer } from '../../constructs/testing';

const ZIP = Buffer.alloc(300, 7).toString('base64'); // 400 base64 chars, 300 bytes
const ZIP_MASK = /^<zip sha256:[0-9a-f]{12} 300 bytes>$/;

function buildStack(): ros.Stack {
  const stack = new ros.Stack(new ros.App(), 'S');
  const bucket = new RosBucket(stack, 'B', { bucketName: 'x', tags: { env: 'dev' } }, true);
  new RosBucket(stack, 'B2', { bucketName: 'y' }, true);
  const fn = new ros.RosResource(stack, 'F', {
    type: 'ALIYUN::FC3::Function',
    properties: { FunctionName: 'f', Handler: 'index.handler', Code: { ZipFile: ZIP }, Layers: ['a', 'b', 'c'], Env: [{ Name: 'K', Value: 'v' }] },
  });
  fn.addRosDependency('B');
  new ros.RosOutput(stack, 'Url', { value: bucket.attrName, description: 'bucket' });
  return stack;
}

const template = Template.fromStack(buildStack());

/** Runs `fn`, returns the error message; fails the test when nothing is thrown. */
function failure(fn: () => void): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an assertion error, but none was thrown');
}

describe('Template.fromStack / fromJSON', () => {
  test('synthesizes the stack and matches partially and recursively', () => {
    template.hasResourceProperties('ALIYUN::OSS::Bucket', { BucketName: 'x' });
    template.hasResourceProperties('ALIYUN::FC3::Function', { Code: { ZipFile: ZIP }, Env: [{ Name: 'K' }] });
    expect(failure(() => template.hasResourceProperties('ALIYUN::OSS::Bucket', { BucketName: 'z' }))).toContain('$.Properties.BucketName');
  });

  test('fromJSON copies its input', () => {
    const json = { Resources: { A: { Type: 'T', Properties: { P: 1 } } } };
    const t = Template.fromJSON(json);
    json.Resources.A.Properties.P = 2;
    t.hasResourceProperties('T', { P: 1 });
  });

  test('fromStack reflects the stack as it is now: a resource added after a first call, and a stack added later', () => {
    const app = new ros.App();
    const first = new ros.Stack(app, 'First');
    new RosBucket(first, 'A', { bucketName: 'a' }, true);
    Template.fromStack(first).resourceCountIs('ALIYUN::OSS::Bucket', 1);
    new RosBucket(first, 'B', { bucketName: 'b' }, true);
    Template.fromStack(first).resourceCountIs('ALIYUN::OSS::Bucket', 2);
    const second = new ros.Stack(app, 'Second');
    new RosBucket(second, 'C', { bucketName: 'c' }, true);
    Template.fromStack(second).hasResourceProperties('ALIYUN::OSS::Bucket', { BucketName: 'c' });
    // And the two are byte-identical across those re-syntheses.
    expect(JSON.stringify(Template.fromStack(first).toJSON())).toBe(JSON.stringify(Template.fromStack(first).toJSON()));
  });

  test('fromStack rejects a stack outside an App', () => {
    const orphan = new ros.Stack(undefined as unknown as ros.Construct, 'Orphan');
    expect(() => Template.fromStack(orphan)).toThrow(/not inside an App or Stage/);
  });
});

describe('matchers', () => {
  const fn = (props: unknown) => () => template.hasResourceProperties('ALIYUN::FC3::Function', props);

  test('arrays: exact length, element-wise partial match by default', () => {
    expect(fn({ Layers: ['a', 'b', 'c'] })).not.toThrow();
    expect(failure(fn({ Layers: ['a', 'b'] }))).toContain('$.Properties.Layers: expected array of length 2, actual length 3: ["a","b","c"]');
    expect(failure(fn({ Layers: ['a', 'x', 'c'] }))).toContain('$.Properties.Layers[1]: expected "x", actual "b"');
  });

  test('arrayWith: subset in order', () => {
    expect(fn({ Layers: Match.arrayWith(['a', 'c']) })).not.toThrow();
    expect(fn({ Env: Match.arrayWith([{ Value: 'v' }]) })).not.toThrow();
    expect(failure(fn({ Layers: Match.arrayWith(['c', 'a']) }))).toContain('pattern[1] "a"');
    expect(fn({ Layers: Match.arrayWith(['a', 'a']) })).toThrow(/pattern\[1\] "a"/); // one element cannot match twice
    expect(fn({ FunctionName: Match.arrayWith(['f']) })).toThrow(/\$\.Properties\.FunctionName: expected Match\.arrayWith/);
  });

  test('objectLike and objectEquals', () => {
    expect(fn({ Env: [Match.objectLike({ Name: 'K' })] })).not.toThrow();
    expect(fn(Match.objectLike({ Handler: 'index.handler' }))).not.toThrow();
    expect(fn({ Code: Match.objectEquals({ ZipFile: Match.anyValue() }) })).not.toThrow();
    expect(failure(fn({ Env: [Match.objectEquals({ Name: 'K' })] }))).toContain('$.Properties.Env[0].Value: expected <no such key>, actual "v"');
    expect(fn({ Handler: Match.objectLike({}) })).toThrow(/expected Match\.objectLike\(\{\}\), actual "index\.handler"/);
  });

  test('exact: deep equality, also of nested objects', () => {
    expect(fn({ Env: Match.exact([{ Name: 'K', Value: 'v' }]) })).not.toThrow();
    expect(failure(fn({ Env: Match.exact([{ Name: 'K' }]) }))).toContain('$.Properties.Env[0].Value');
  });

  test('absent and anyValue', () => {
    expect(fn({ Timeout: Match.absent() })).not.toThrow();
    expect(failure(fn({ Handler: Match.absent() }))).toContain('$.Properties.Handler: expected Match.absent(), actual "index.handler"');
    expect(fn({ Handler: Match.anyValue() })).not.toThrow();
    expect(failure(fn({ Timeout: Match.anyValue() }))).toContain('$.Properties.Timeout: expected Match.anyValue(), actual undefined');
  });

  test('stringLikeRegexp', () => {
    expect(fn({ Handler: Match.stringLikeRegexp(/^index\./) })).not.toThrow();
    expect(fn({ Handler: Match.stringLikeRegexp('handler$') })).not.toThrow();
    expect(failure(fn({ Handler: Match.stringLikeRegexp('^main') }))).toContain('expected Match.stringLikeRegexp(/^main/), actual "index.handler"');
    const global = Match.stringLikeRegexp(/index/g);
    expect(global.test('index.handler')).toEqual([]);
    expect(global.test('index.handler')).toEqual([]); // lastIndex must not leak between calls
  });
});

describe('failure messages', () => {
  test('name the count, the closest candidate and each mismatch with a truncated value', () => {
    const closestFirst = failure(() => template.hasResourceProperties('ALIYUN::OSS::Bucket', { BucketName: 'x', Tags: { env: 'prod' } }));
    expect(closestFirst).toBe(
      'Expected a resource of type ALIYUN::OSS::Bucket with matching properties, ' +
        'but found 2 resources of type ALIYUN::OSS::Bucket, none matching.\n' +
        'Closest candidate "B" (1 mismatch):\n' +
        '  $.Properties.Tags.env: expected "prod", actual "dev"',
    );
    const closestLast = failure(() => template.hasResourceProperties('ALIYUN::OSS::Bucket', { BucketName: 'y', Tags: { env: 'prod' } }));
    expect(closestLast).toContain('Closest candidate "B2" (1 mismatch)');
    expect(closestLast).toContain('$.Properties.Tags: expected {"env":"prod"}, actual <missing key>');

    const zip = failure(() => template.hasResourceProperties('ALIYUN::FC3::Function', { Code: { ZipFile: 'other' }, Handler: 'main' }));
    expect(zip).toContain('Closest candidate "F" (2 mismatches)');
    expect(zip).toContain('$.Properties.Handler: expected "main", actual "index.handler"');
    const zipLine = zip.split('\n').find((l) => l.includes('ZipFile'))!;
    expect(zipLine).toContain(`$.Properties.Code.ZipFile: expected "other", actual "${ZIP.slice(0, 56)}...`);
    expect(zipLine.length).toBeLessThan(120);
  });

  test('a missing type lists the types present', () => {
    expect(failure(() => template.hasResourceProperties('ALIYUN::RAM::Role', {}))).toBe(
      'Expected a resource of type ALIYUN::RAM::Role with matching properties, but found no resource of type ALIYUN::RAM::Role ' +
        '(types present: ALIYUN::OSS::Bucket, ALIYUN::FC3::Function).',
    );
  });

  test('resourceCountIs names the type, expected and actual', () => {
    template.resourceCountIs('ALIYUN::OSS::Bucket', 2);
    template.resourceCountIs('ALIYUN::RAM::Role', 0);
    expect(failure(() => template.resourceCountIs('ALIYUN::OSS::Bucket', 3))).toBe('Expected 3 resources of type ALIYUN::OSS::Bucket, found 2');
  });
});

describe('hasResource, findResources, hasOutput', () => {
  test('hasResource matches the whole resource including DependsOn', () => {
    template.hasResource('ALIYUN::FC3::Function', { DependsOn: ['B'], Properties: { FunctionName: 'f' } });
    expect(failure(() => template.hasResource('ALIYUN::FC3::Function', { DependsOn: ['B2'] }))).toContain(
      '$.DependsOn[0]: expected "B2", actual "B"',
    );
    expect(() => template.hasResource('ALIYUN::OSS::Bucket', { DependsOn: Match.anyValue() })).toThrow(/\$\.DependsOn/);
  });

  test('findResources filters by type and properties and returns copies', () => {
    expect(Object.keys(template.findResources('ALIYUN::OSS::Bucket'))).toEqual(['B', 'B2']);
    const found = template.findResources('ALIYUN::OSS::Bucket', { BucketName: 'y' });
    expect(found).toEqual({ B2: { Type: 'ALIYUN::OSS::Bucket', Properties: { BucketName: 'y' } } });
    (found.B2.Properties as Record<string, unknown>).BucketName = 'mutated';
    expect(Object.keys(template.findResources('ALIYUN::OSS::Bucket', { BucketName: 'y' }))).toEqual(['B2']);
    expect(template.findResources('ALIYUN::RAM::Role')).toEqual({});
  });

  test('findResources masks inline code zips on request, and only then', () => {
    const code = (found: Record<string, { Properties?: Record<string, unknown> }>) => (found.F.Properties!.Code as { ZipFile: string }).ZipFile;
    expect(code(template.findResources('ALIYUN::FC3::Function'))).toBe(ZIP);
    expect(code(template.findResources('ALIYUN::FC3::Function', { FunctionName: 'f' }, { maskZipFiles: true }))).toMatch(ZIP_MASK);
    expect(code(template.findResources('ALIYUN::FC3::Function', undefined, { maskZipFiles: false }))).toBe(ZIP);
  });

  test('hasOutput', () => {
    template.hasOutput('Url', { Value: { 'Fn::GetAtt': ['B', 'Name'] } });
    expect(failure(() => template.hasOutput('Url', { Description: 'other' }))).toContain('$.Description: expected "other", actual "bucket"');
    expect(failure(() => template.hasOutput('Nope', {}))).toContain('no output "Nope" (outputs present: Url)');
    expect(failure(() => template.hasOutput('Url', { Value: { 'Fn::GetAtt': ['B', 'Arn'] } }))).toContain('$.Value["Fn::GetAtt"][1]');
  });
});

describe('toJSON and the snapshot serializer', () => {
  test('toJSON masks ZipFile deterministically and leaves the template untouched', () => {
    const json = template.toJSON() as any;
    const mask = json.Resources.F.Properties.Code.ZipFile;
    expect(mask).toMatch(ZIP_MASK);
    expect(Template.fromStack(buildStack()).toJSON()).toEqual(json);
    expect(maskZipFiles({ ZipFile: Buffer.alloc(300, 8).toString('base64') }).ZipFile).not.toBe(mask);
    expect(JSON.stringify(json)).not.toContain(ZIP.slice(0, 20));
    template.hasResourceProperties('ALIYUN::FC3::Function', { Code: { ZipFile: ZIP } });
    json.Resources.B.Properties.BucketName = 'mutated';
    template.hasResourceProperties('ALIYUN::OSS::Bucket', { BucketName: 'x' });
  });

  test('maskZipFiles does not mutate its input and ignores non-string ZipFile values', () => {
    const input = { a: [{ ZipFile: ZIP }], ZipFile: { 'Fn::GetAtt': ['X', 'Y'] } };
    const out = maskZipFiles(input);
    expect(input.a[0].ZipFile).toBe(ZIP);
    expect(out.a[0].ZipFile).toMatch(ZIP_MASK);
    expect(out.ZipFile).toEqual(input.ZipFile);
  });

  test('masking a masked template changes nothing (toJSON, then the serializer)', () => {
    const once = template.toJSON();
    expect(maskZipFiles(once)).toEqual(once);
    expect((once as any).Resources.F.Properties.Code.ZipFile).toMatch(new RegExp(` ${Buffer.from(ZIP, 'base64').length} bytes>$`));
  });

  describe('with expect.addSnapshotSerializer', () => {
    expect.addSnapshotSerializer(snapshotSerializer);

    test('snapshots a raw template without the base64', () => {
      const raw = { ROSTemplateFormatVersion: '2015-09-01', Resources: { F: { Type: 'T', Properties: { Code: { ZipFile: 'UEsDBA==' } } } } };
      expect(raw).toMatchInlineSnapshot(`
{
  "ROSTemplateFormatVersion": "2015-09-01",
  "Resources": {
    "F": {
      "Properties": {
        "Code": {
          "ZipFile": "<zip sha256:b6582fdbe01b 4 bytes>",
        },
      },
      "Type": "T",
    },
  },
}
`);
      expect(raw.Resources.F.Properties.Code.ZipFile).toBe('UEsDBA==');
    });

    test('leaves other values alone', () => {
      expect(snapshotSerializer.test({ ZipFile: 'UEsDBA==' })).toBe(false);
      expect({ ZipFile: 'UEsDBA==' }).toMatchInlineSnapshot(`
{
  "ZipFile": "UEsDBA==",
}
`);
    });
  });

  test('test/zip-serializer.js is the same plugin, loadable as a jest snapshotSerializers entry', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the serializer is plain CommonJS, as jest loads it
    const plugin = require('../zip-serializer');
    expect(plugin).toBe(snapshotSerializer);
    expect(plugin.test({ Resources: {} })).toBe(true);
  });
});

describe('assertions users of aws-cdk-lib reach for', () => {
  function richStack() {
    const stack = new ros.Stack(new ros.App(), 'Rich');
    new ros.RosParameter(stack, 'Key', { type: ros.RosParameterType.STRING, noEcho: true, description: 'a key' });
    new RosBucket(stack, 'Logs', { bucketName: 'logs', tags: { env: 'dev' } }, true);
    new RosBucket(stack, 'Data', { bucketName: 'data', tags: { env: 'dev' } }, true);
    new ros.RosResource(stack, 'Fn', {
      type: 'ALIYUN::FC3::Function',
      properties: { FunctionName: 'fn-1', EnvironmentVariables: { SETTINGS: JSON.stringify({ tables: { rooms: 'Live_rooms' }, slots: 4 }) } },
    });
    new ros.RosOutput(stack, 'Domain', { value: 'api.example.com', description: 'the API' });
    return Template.fromStack(stack);
  }
  const t = richStack();

  test('Capture reads a value out of the template; Match.serializedJson looks inside a JSON string', () => {
    const name = new Capture();
    t.hasResourceProperties('ALIYUN::FC3::Function', { FunctionName: name, EnvironmentVariables: { SETTINGS: Match.serializedJson({ slots: 4 }) } });
    expect(name.asString()).toBe('fn-1');
    expect(() => name.asNumber()).toThrow(/captured "fn-1", a string, not a number/);
    expect(
      failure(() => t.hasResourceProperties('ALIYUN::FC3::Function', { EnvironmentVariables: { SETTINGS: Match.serializedJson({ slots: 9 }) } })),
    ).toMatch(/SETTINGS\(json\)\.slots: expected 9, actual 4/);
    const names = new Capture(Match.stringLikeRegexp('^(logs|data)$'));
    t.allResourcesProperties('ALIYUN::OSS::Bucket', { BucketName: names });
    expect(names.count).toBe(2);
    expect([names.asString(), names.next() && names.asString()]).toEqual(['logs', 'data']);
    expect(names.next()).toBe(false);
  });

  test('Match.not and Match.arrayEquals', () => {
    t.hasResourceProperties('ALIYUN::OSS::Bucket', { BucketName: Match.not('data') });
    expect(failure(() => t.allResourcesProperties('ALIYUN::OSS::Bucket', { BucketName: Match.not('data') }))).toMatch(/"Data"/);
    expect(Match.arrayEquals([1, { a: 2 }]).test([1, { a: 2 }])).toEqual([]);
    expect(Match.arrayEquals([1, { a: 2 }]).test([1, { a: 2, b: 3 }])).toHaveLength(1);
  });

  test('templateMatches, allResourcesProperties, resourcePropertiesCountIs, findOutputs, hasParameter, findParameters', () => {
    t.templateMatches({ Resources: { Logs: { Type: 'ALIYUN::OSS::Bucket' } }, Outputs: { Domain: Match.anyValue() } });
    expect(failure(() => t.templateMatches({ Resources: { Nope: Match.anyValue() } }))).toMatch(/Resources\.Nope/);
    t.allResourcesProperties('ALIYUN::OSS::Bucket', { Tags: Match.anyValue() });
    t.resourcePropertiesCountIs('ALIYUN::OSS::Bucket', { BucketName: 'logs' }, 1);
    expect(failure(() => t.resourcePropertiesCountIs('ALIYUN::OSS::Bucket', { BucketName: 'logs' }, 2))).toMatch(/Expected 2 resources .* found 1/);
    expect(t.findOutputs('*')).toEqual({ Domain: { Value: 'api.example.com', Description: 'the API' } });
    expect(t.findOutputs('Domain', { Value: 'other' })).toEqual({});
    t.hasParameter('Key', { Type: 'String', NoEcho: true });
    expect(failure(() => t.hasParameter('Missing', {}))).toMatch(/no parameter "Missing" \(parameters present: Key\)/);
    expect(Object.keys(t.findParameters('*', { NoEcho: true }))).toEqual(['Key']);
  });

  test('lintTemplate takes a Template as it is and lints it with its code (toJSON masks the code)', () => {
    const app = new ros.App();
    const stack = new ros.Stack(app, 'Lintable');
    new RosBucket(stack, 'Open', { bucketName: 'open-bucket', accessControl: 'public-read' }, true);
    const findings = lintTemplate(Template.fromStack(stack)).map((f) => f.ruleId);
    expect(findings).toContain('FSC-OSS1');
    expect(Template.fromStack(stack).unmaskedJSON()).toEqual(app.synth().getStackArtifact(stack.artifactId).template);
  });
});

describe('Annotations', () => {
  test('reads the warnings and errors synthesis recorded, by construct path and message', () => {
    const stack = new ros.Stack(new ros.App(), 'Noted');
    const part = new ros.Construct(stack, 'Part');
    part.node.addWarning('bundle media-transcoder is an OSS asset instead of embedded code');
    const annotations = Annotations.fromStack(stack);
    const [warning] = annotations.findWarning('*', 'OSS asset');
    expect(warning.message).toContain('media-transcoder');
    annotations.hasWarning(warning.path, Match.stringLikeRegexp('^bundle media-'));
    expect(warning.path).toMatch(/Noted\/Part$/);
    annotations.hasNoError('*', 'anything');
    expect(failure(() => annotations.hasError('*', 'OSS asset'))).toMatch(/Expected an error at \* matching "OSS asset"; errors recorded:\n  none/);
    expect(failure(() => annotations.hasNoWarning('*', 'OSS asset'))).toMatch(/media-transcoder/);
  });
});
