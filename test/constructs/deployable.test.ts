/**
 * Issue 6, part 1: each documented constraint today's templates broke, shown in the synthesized
 * template. Sources are cited where the code decides (docs/design.md lists them).
 */
import { createHash } from 'node:crypto';
import * as ros from '@alicloud/ros-cdk-core';
import { DispatchSystem, MediaPipeline } from '../../constructs';
import { otsInstanceNameProblem } from '../../constructs/core/facts/ots-names';
import { lintTemplate } from '../../constructs/core/lint';
import { Template } from '../../constructs/testing';

type Json = any; // template fragments

function newStack(name = 'TestStack'): ros.Stack {
  return new ros.Stack(new ros.App(), name, { synthesizer: new ros.DefaultStackSynthesizer({ qualifier: 'fsctest' }) });
}

const PUSH = { push: { appKey: '333123456' } };

/** ROS's evaluation of the Fn::Join/Select/Split/Ref subset our names use, for a given stack id. */
function evaluate(expr: Json, stackId: string): string {
  if (typeof expr === 'string') return expr;
  if (expr.Ref === 'ALIYUN::StackId') return stackId;
  if (expr['Fn::Join']) return (expr['Fn::Join'][1] as Json[]).map((e) => evaluate(e, stackId)).join(expr['Fn::Join'][0]);
  if (expr['Fn::Select']) return evaluateList(expr['Fn::Select'][1], stackId)[expr['Fn::Select'][0]];
  throw new Error(`not evaluated here: ${JSON.stringify(expr)}`);
}
function evaluateList(expr: Json, stackId: string): string[] {
  if (expr['Fn::Split']) return evaluate(expr['Fn::Split'][1], stackId).split(expr['Fn::Split'][0]);
  throw new Error(`not a list: ${JSON.stringify(expr)}`);
}

const instances = (t: Template) => Object.values(t.findResources('ALIYUN::OTS::Instance')).map((r) => (r.Properties as Json).InstanceName);

describe('Table Store instance names are unique per account, from a template that never changes', () => {
  const template = Template.fromStack(
    (() => {
      const stack = newStack();
      new MediaPipeline(stack, 'Media');
      new DispatchSystem(stack, 'Dispatch', PUSH);
      new MediaPipeline(stack, 'Clips', { inputPrefix: 'clips/', jobTableProps: { separateInstance: true } });
      return stack;
    })(),
  );

  test('the patterns of a stack share one instance by default; a prop gives one its own', () => {
    expect(instances(template)).toHaveLength(2);
    template.hasResourceProperties('ALIYUN::OTS::Table', {
      TableName: 'Media_jobs',
      InstanceName: { 'Fn::GetAtt': ['FscSharedTableStoreInstance', 'InstanceName'] },
    });
    template.hasResourceProperties('ALIYUN::OTS::Table', {
      TableName: 'Dispatch_orders',
      InstanceName: { 'Fn::GetAtt': ['FscSharedTableStoreInstance', 'InstanceName'] },
    });
    template.hasResourceProperties('ALIYUN::OTS::Table', {
      TableName: 'Clips_jobs',
      InstanceName: { 'Fn::GetAtt': ['ClipsTableStoreInstance', 'InstanceName'] },
    });
  });

  test('names are built from the stack id, which ROS resolves at deploy time: valid, reserved-word free, different per stack', () => {
    const names = instances(template);
    for (const name of names) expect(JSON.stringify(name)).toContain('{"Ref":"ALIYUN::StackId"}');
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      // Stack ids as ROS makes them (lowercase UUIDs), drawn deterministically.
      const hex = createHash('sha256').update(String(i)).digest('hex');
      const stackId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
      for (const name of names) {
        const resolved = evaluate(name, stackId);
        expect(otsInstanceNameProblem(resolved)).toBeUndefined();
        seen.add(resolved);
      }
    }
    expect(seen.size).toBe(4000);
    // The shared one: fsc + 8 hex of the stack id; a pattern's own: fsc + 5 hex of its path + the same 8.
    const resources = template.findResources('ALIYUN::OTS::Instance') as Json;
    const stackId = '4a6c9851-3b0f-4f5f-b4ca-a14bf6910000';
    expect(evaluate(resources.FscSharedTableStoreInstance.Properties.InstanceName, stackId)).toBe('fsc4a6c9851');
    expect(evaluate(resources.ClipsTableStoreInstance.Properties.InstanceName, stackId)).toMatch(/^fsc[0-9a-f]{5}4a6c9851$/);
  });

  test('tables in one instance are created one after another (10 table metadata operations a second per instance)', () => {
    const tables = template.findResources('ALIYUN::OTS::Table');
    const shared = Object.entries(tables).filter(([, t]) => JSON.stringify(t).includes('FscSharedTableStoreInstance'));
    expect(shared).toHaveLength(8);
    const waits = shared.filter(([, t]) => Array.isArray((t as Json).DependsOn) && (t as Json).DependsOn.some((d: string) => d in tables));
    expect(waits).toHaveLength(7);
  });

  test('the template lints clean: no global name is the same in every account', () => {
    expect(lintTemplate(template.toJSON())).toEqual([]);
  });
});

describe('buckets deploy in every region', () => {
  test('redundancy is LRS unless ZRS is asked for', () => {
    const stack = newStack();
    new MediaPipeline(stack, 'Media');
    new MediaPipeline(stack, 'Zoned', { inputPrefix: 'z/', sourceBucketProps: { redundancy: 'ZRS' } });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('ALIYUN::OSS::Bucket', { RedundancyType: 'LRS' });
    t.hasResourceProperties('ALIYUN::OSS::Bucket', { RedundancyType: 'ZRS' });
  });
});

describe('OSS triggers on one bucket are chained', () => {
  test('the second pipeline on a bucket waits for the first one\'s trigger', () => {
    const stack = newStack();
    const bucket = { bucketName: 'shared-media' };
    new MediaPipeline(stack, 'Media', { existingSourceBucket: bucket });
    new MediaPipeline(stack, 'Clips', { existingSourceBucket: bucket, inputPrefix: 'clips/', outputPrefix: 'clips-out/' });
    new MediaPipeline(stack, 'Other', { inputPrefix: 'o/' });
    const triggers = Template.fromStack(stack).findResources('ALIYUN::FC3::Trigger');
    expect((triggers.ClipsUploadTriggerTrigger as Json).DependsOn).toEqual(['MediaUploadTriggerTrigger']);
    expect((triggers.MediaUploadTriggerTrigger as Json).DependsOn).toBeUndefined();
    // Another bucket: nothing to wait for.
    expect((triggers.OtherUploadTriggerTrigger as Json).DependsOn).toBeUndefined();
  });
});

describe('logs are indexed from the first line', () => {
  test('every function depends on its logstore index', () => {
    const stack = newStack();
    new MediaPipeline(stack, 'Media');
    new DispatchSystem(stack, 'Dispatch', PUSH);
    const functions = Object.entries(Template.fromStack(stack).findResources('ALIYUN::FC3::Function'));
    expect(functions).toHaveLength(8);
    for (const [id, fn] of functions) {
      const index = id.startsWith('Media') ? 'MediaLogsIndex' : 'DispatchLogsIndex';
      expect({ id, dependsOn: (fn as Json).DependsOn }).toEqual({ id, dependsOn: expect.arrayContaining([index]) });
    }
  });
});

describe('only real RAM actions, in their documented form', () => {
  const stack = newStack();
  new MediaPipeline(stack, 'Media', { cdn: { domain: 'video.example.com' }, watermark: { key: 'assets/logo.png' } });
  new DispatchSystem(stack, 'Dispatch', PUSH);
  const roles = JSON.stringify(Template.fromStack(stack).findResources('ALIYUN::RAM::Role'));

  test('no oss:HeadObject (HeadObject is authorized by oss:GetObject)', () => {
    expect(roles).not.toContain('HeadObject');
    expect(roles).toContain('"oss:GetObject"');
  });

  test('cdn:PushObjectCache on acs:cdn:*:*:*, as every official example grants it', () => {
    expect(roles).toContain('{"Action":["cdn:PushObjectCache"],"Resource":["acs:cdn:*:*:*"],"Effect":"Allow"}');
    expect(roles).not.toContain('domain/video.example.com');
  });
});
