import * as ros from '@alicloud/ros-cdk-core';
import { functionCode } from '../../constructs/core/code';
import { generatedName, NAME_RULES, NameKind } from '../../constructs/core/naming';
import { PolicyBuilder } from '../../constructs/core/policy';
import { PropError, Validator } from '../../constructs/core/validation';
import { bundleManifest, readBundle } from '../../constructs/core/bundles';

function newStack(name = 'S'): ros.Stack {
  const app = new ros.App();
  return new ros.Stack(app, name, { synthesizer: new ros.DefaultStackSynthesizer({ qualifier: 'fsctest' }) });
}

describe('generated physical names', () => {
  const longStack = 'AVeryLongStackNameThatKeepsGoingAndGoingForeverAndEver';
  // Kinds the library generates names for (tables and logstores have fixed default names).
  const kinds: Array<Exclude<NameKind, 'otsInstance'>> = ['bucket', 'slsProject', 'fcFunction', 'ramRole', 'apiGroup', 'apiApp', 'trafficControl'];

  test.each(kinds)('%s names follow the service rule and fit its limit, whatever the stack is called', (kind) => {
    for (const stackName of ['S', longStack, 'Mixed-Case-9']) {
      const stack = newStack(stackName);
      const scope = new ros.Construct(stack, 'My_Pattern-Id');
      const name = stack.resolve(generatedName(scope, kind, 'transcoder'));
      // Pseudo parameters are at most 20 (region) and 16 (account id) characters.
      const text = (typeof name === 'string' ? name : name['Fn::Sub'])
        .replace('${ALIYUN::Region}', 'cn-beijing-finance-1')
        .replace('${ALIYUN::TenantId}', '1234567890123456');
      expect(text).toMatch(NAME_RULES[kind].pattern);
      expect(text.length).toBeLessThanOrEqual(NAME_RULES[kind].max);
    }
  });

  test.each(kinds)('%s names are shortened by whole words: the stack name whole or left out, never cut', (kind) => {
    for (const stackName of ['DispatchStack', longStack, 'Mixed-Case-9']) {
      const stack = newStack(stackName);
      const scope = new ros.Construct(stack, 'Dispatch');
      const resolved = stack.resolve(generatedName(scope, kind, 'api-function'));
      const text = typeof resolved === 'string' ? resolved : resolved['Fn::Sub'].replace(/-\$\{ALIYUN::\w+\}/g, '');
      const words = text.split(/[-_]/).slice(0, -1);
      const whole = `${stackName}-Dispatch-api-function`.split('-').flatMap((w) => [w, w.toLowerCase()]);
      expect(words.every((w: string) => whole.includes(w))).toBe(true);
      // The construct id and purpose keep their first words: what is cut is cut from the end, at a boundary.
      const stackWords = stackName.toLowerCase().split('-');
      const lowered = words.map((w: string) => w.toLowerCase());
      const withStack = stackWords.every((w, i) => lowered[i] === w) && lowered.length > stackWords.length;
      const ours = withStack ? lowered.slice(stackWords.length) : lowered;
      expect(['dispatch', 'api', 'function'].slice(0, ours.length)).toEqual(ours);
    }
    // Room for it: the stack name comes along, whole.
    expect(generatedName(new ros.Construct(newStack('DispatchStack'), 'Dispatch'), 'fcFunction', 'notifier')).toMatch(/^DispatchStack-Dispatch-notifier-[0-9a-f]{8}$/);
    // No room (26 characters): left out, not cut to "Disp".
    expect(generatedName(new ros.Construct(newStack('DispatchStack'), 'Dispatch'), 'apiApp', 'app')).toMatch(/^Dispatch_app_[0-9a-f]{8}$/);
  });

  test('names are deterministic and differ per stack, pattern and purpose', () => {
    const name = (stackName: string, id: string, purpose: string) => {
      const scope = new ros.Construct(newStack(stackName), id);
      return generatedName(scope, 'fcFunction', purpose);
    };
    expect(name('A', 'Media', 'planner')).toBe(name('A', 'Media', 'planner'));
    const all = [name('A', 'Media', 'planner'), name('B', 'Media', 'planner'), name('A', 'Clips', 'planner'), name('A', 'Media', 'transcoder')];
    expect(new Set(all).size).toBe(4);
  });
});

describe('PolicyBuilder', () => {
  test('renders grants in order, merges identical ones, scopes OSS to bucket and prefix', () => {
    const stack = newStack();
    const policy = new PolicyBuilder().ossRead('bkt', 'uploads/').ossRead('bkt', 'uploads/').fcInvoke('fn').mobilePush();
    const rendered = stack.resolve(policy.render('role-a'));
    expect(rendered).toEqual([
      {
        policyName: 'role-a-policy',
        policyDocument: {
          version: '1',
          statement: [
            { effect: 'Allow', action: ['oss:GetObject'], resource: [{ 'Fn::Sub': 'acs:oss:*:${ALIYUN::TenantId}:bkt/uploads/*' }] },
            {
              effect: 'Allow',
              action: ['fc:InvokeFunction'],
              resource: [{ 'Fn::Sub': 'acs:fc:${ALIYUN::Region}:${ALIYUN::TenantId}:functions/fn' }],
            },
            { effect: 'Allow', action: ['mpush:MassPush', 'mpush:Push'], resource: ['*'] },
          ],
        },
      },
    ]);
  });

  test('writes Table Store instance names in lowercase, as RAM requires', () => {
    const stack = newStack();
    const text = JSON.stringify(stack.resolve(new PolicyBuilder().ots('MyInstance', 'jobs', ['ots:GetRow']).render('r')));
    expect(text).toContain('instance/myinstance/table/jobs');
  });
});

describe('Validator', () => {
  test('messages name the construct, prop, value and rule', () => {
    const v = new Validator("Thing 'X'");
    expect(() => v.integer('size.memorySize', 100, 128, 32768, 64)).toThrow(
      new PropError("Thing 'X'", 'size.memorySize', 100, 'must be an integer from 128 to 32768 and a multiple of 64'),
    );
    expect(() => v.integer('size.memorySize', 100, 128, 32768, 64)).toThrow(
      "Thing 'X': prop 'size.memorySize' = 100 is invalid: must be an integer from 128 to 32768 and a multiple of 64",
    );
    expect(() => v.decimal('cpu', 0.33, 0.05, 16, 0.05)).toThrow(/'cpu' = 0.33.*steps of 0.05/);
    expect(() => v.decimal('cpu', 0.35, 0.05, 16, 0.05)).not.toThrow();
  });
});

describe('function code', () => {
  test('is embedded until the stack budget is used, then becomes an OSS asset with a warning', () => {
    const stack = newStack();
    const [entry] = Object.keys(bundleManifest());
    const scope = new ros.Construct(stack, 'Fn');
    const size = readBundle(entry).zip.toString('base64').length;
    const first = functionCode(scope, entry, size);
    const second = functionCode(scope, entry, size);
    expect(first.zipFile).toMatch(/^UEsDB/);
    expect(second.zipFile).toBeUndefined();
    expect(stack.resolve(second.ossBucketName)).toEqual({ 'Fn::Sub': 'cdk-fsctest-assets-${ALIYUN::Region}' });
    expect(second.ossObjectName).toBe(`${bundleManifest()[entry].sha256}.zip`);
    const warnings = scope.node.metadata.filter((m) => m.type === 'aliyun:ros:warning').map((m) => m.data);
    expect(warnings).toEqual([expect.stringContaining("past ROS's 512 KB template limit")]);
  });
});
