import * as ros from '@alicloud/ros-cdk-core';
import { LiveMuxCluster, LiveMuxClusterProps } from '../../constructs';
import { lintTemplate } from '../../constructs/core/lint';
import { Template } from '../../constructs/testing';
import { LIVE_FUNCTIONS, LIVE_TABLES, ROOM_ROUTES, type LiveSettings } from '../../runtime/live/settings';
import { parseLiveSettings } from '../../runtime/live/load-settings';

function stackWith(...patterns: Array<[string, LiveMuxClusterProps]>): ros.Stack {
  const app = new ros.App();
  const stack = new ros.Stack(app, 'TestStack', { synthesizer: new ros.DefaultStackSynthesizer({ qualifier: 'fsctest' }) });
  for (const [id, props] of patterns) new LiveMuxCluster(stack, id, props);
  return stack;
}

const MINIMAL: LiveMuxClusterProps = { ingestDomain: 'push.example.com', playDomain: 'live.example.com' };
const FULL: LiveMuxClusterProps = {
  ...MINIMAL,
  appName: 'rooms',
  existingKeysParameterName: 'team/live-keys',
  signing: { timestampConvention: 'expiry-time', pushUrlLifetimeSeconds: 7200, playUrlLifetimeSeconds: 600 },
  defaultOutput: { width: 960, height: 540, fps: 25 },
  mixer: { maxMics: 9, idleStopSeconds: 300, watchdogIntervalSeconds: 10, startGraceSeconds: 20, slotWidth: 320, slotHeight: 180 },
  anonymous: true,
  requestsPerMinute: 1200,
  protocol: 'HTTP,HTTPS',
  maxBodyBytes: 4096,
  tableStoreProps: { instanceName: 'live-rooms' },
  logSinkProps: { projectName: 'my-live-logs', retentionDays: 14 },
  ffmpegLayerArn: 'acs:fc:cn-shanghai:123456789:layers/my-ffmpeg/versions/3',
  mixerFunction: { cpu: 4, memorySize: 8192, timeout: 43200 },
  maxEventAgeSeconds: 600,
};

type Resources = Record<string, { Type: string; Properties: Record<string, any>; DependsOn?: string[]; Metadata?: Record<string, any> }>;
const resources = (template: Template) => (template.toJSON() as { Resources: Resources }).Resources;
const settingsOf = (all: Resources): LiveSettings => parseLiveSettings(all.LiveRoomApiFunction.Properties.EnvironmentVariables.LIVE_SETTINGS);

describe('LiveMuxCluster with minimal props', () => {
  const template = Template.fromStack(stackWith(['Live', MINIMAL]));
  const all = resources(template);
  const policy = (fn: string) => JSON.stringify(all[`Live${fn}Role`].Properties.Policies);

  test("creates the rooms and mics tables in the stack's shared instance", () => {
    template.resourceCountIs('ALIYUN::OTS::Table', 2);
    for (const table of Object.values(LIVE_TABLES)) {
      template.hasResourceProperties('ALIYUN::OTS::Table', {
        InstanceName: { 'Fn::GetAtt': ['FscSharedTableStoreInstance', 'InstanceName'] },
        TableName: `Live_${table.name}`,
        PrimaryKey: table.primaryKey.map((k) => ({ Name: k.name, Type: k.type })),
      });
    }
  });

  test('four functions as the manifest declares them: the mixer on the custom runtime with the FFmpeg layer, one room per instance, 24 h', () => {
    const fns = Object.entries(all).filter(([, r]) => r.Type === 'ALIYUN::FC3::Function');
    expect(fns.map(([id]) => id).sort()).toEqual(['LiveCallbackFunction', 'LiveMixerFunction', 'LiveRoomApiFunction', 'LiveWatchdogFunction']);
    expect(Object.keys(LIVE_FUNCTIONS)).toHaveLength(4);
    const mixer = all.LiveMixerFunction.Properties;
    expect(mixer).toMatchObject({
      Runtime: 'custom.debian10',
      Cpu: 2,
      MemorySize: 4096,
      Timeout: 86400,
      InstanceConcurrency: 1,
      InternetAccess: true,
    });
    expect(JSON.stringify(mixer.Layers)).toContain('FFmpeg6x');
    expect(all.LiveRoomApiFunction.Properties.Runtime).toBe('nodejs20');
  });

  test('the settings the functions run with: the domains, the app, the signing convention, 720p30, 4 slots', () => {
    const settings = settingsOf(all);
    expect(settings).toMatchObject({
      tables: { rooms: 'Live_rooms', mics: 'Live_room_mics' },
      ingest: { domain: 'push.example.com', app: 'live' },
      play: { domain: 'live.example.com', app: 'live' },
      signing: { convention: 'signing-time', pushLifetimeSeconds: 3600, playLifetimeSeconds: 3600 },
      defaultOutput: { width: 1280, height: 720, fps: 30 },
      mixer: {
        idleStopSeconds: 60,
        watchdogIntervalSeconds: 20,
        startGraceSeconds: 30,
        handoverAfterSeconds: 86100,
        slots: 4,
        slotSize: { width: 640, height: 360 },
      },
    });
    for (const id of ['LiveRoomApiFunction', 'LiveCallbackFunction', 'LiveWatchdogFunction', 'LiveMixerFunction']) {
      expect(all[id].Properties.EnvironmentVariables.LIVE_SETTINGS).toBe(all.LiveRoomApiFunction.Properties.EnvironmentVariables.LIVE_SETTINGS);
    }
  });

  test('the mixer is never retried by FC and the watchdog is retried the most FC allows, each with its reason for no destination', () => {
    const config = (fn: string) =>
      Object.values(all).find((r) => r.Type === 'ALIYUN::FC3::AsyncInvokeConfig' && JSON.stringify(r.Properties.FunctionName).includes(fn))!
        .Properties;
    expect(config('LiveMixerFunction')).toMatchObject({ MaxAsyncRetryAttempts: 0, MaxAsyncEventAgeInSeconds: 3600 });
    expect(config('LiveWatchdogFunction')).toMatchObject({ MaxAsyncRetryAttempts: 8 });
    expect(config('LiveMixerFunction').DestinationConfig).toBeUndefined();
    const reasons = (id: string) => all[id].Metadata!['fc-solution-constructs:suppressions'].map((s: { id: string }) => s.id);
    expect(reasons('LiveMixerFunction')).toEqual(['FSC-FC2']);
    expect(reasons('LiveWatchdogFunction')).toEqual(['FSC-FC2']);
  });

  test('the callbacks reach the callback function through an anonymous HTTP trigger whose URL is an output', () => {
    template.hasResourceProperties('ALIYUN::FC3::Trigger', {
      FunctionName: { 'Fn::GetAtt': ['LiveCallbackFunction', 'FunctionName'] },
      TriggerType: 'http',
      TriggerConfig: { authType: 'anonymous', methods: ['GET', 'POST'], disableURLInternet: false },
    });
    const outputs = (template.toJSON() as { Outputs: Record<string, { Value: unknown }> }).Outputs;
    expect(outputs.LiveCallbackUrl.Value).toEqual({ 'Fn::GetAtt': ['LiveCallbackTrigger', 'UrlInternet'] });
    expect(Object.keys(outputs).sort()).toEqual([
      'LiveApiDomain',
      'LiveAppKey',
      'LiveCallbackUrl',
      'LiveKeysParameterName',
      'LiveTableStoreInstance',
    ]);
  });

  test('serves the six room routes through API Gateway with app authorization', () => {
    template.resourceCountIs('ALIYUN::ApiGateway::Api', ROOM_ROUTES.length);
    for (const route of ROOM_ROUTES) {
      template.hasResourceProperties('ALIYUN::ApiGateway::Api', {
        ApiName: route.name,
        AuthType: 'APP',
        RequestConfig: { RequestHttpMethod: route.method, RequestPath: route.path.replace(/\{(\w+)\}/g, '[$1]') },
      });
    }
    template.resourceCountIs('ALIYUN::ApiGateway::App', 1);
  });

  test('no key in the template: three NoEcho parameters feed an encrypted OOS parameter, whose name alone the functions get', () => {
    const json = template.toJSON() as { Parameters: Record<string, Record<string, unknown>> };
    expect(Object.keys(json.Parameters).sort()).toEqual(['LiveCallbackAuthKey', 'LivePlayAuthKey', 'LivePushAuthKey']);
    for (const p of Object.values(json.Parameters)) expect(p).toMatchObject({ Type: 'String', NoEcho: true, AllowedPattern: '^[A-Za-z0-9]{6,128}$' });
    const keys = all.LiveKeysParameter;
    expect(keys.Type).toBe('ALIYUN::OOS::SecretParameter');
    expect(keys.Properties.Value).toEqual({
      'Fn::Sub': [
        '{"push":"${Push}","play":"${Play}","callback":"${Callback}"}',
        { Push: { Ref: 'LivePushAuthKey' }, Play: { Ref: 'LivePlayAuthKey' }, Callback: { Ref: 'LiveCallbackAuthKey' } },
      ],
    });
    const name = keys.Properties.SecretParameterName;
    for (const [id, r] of Object.entries(all).filter(([, r]) => r.Type === 'ALIYUN::FC3::Function')) {
      const env = r.Properties.EnvironmentVariables;
      expect(env.LIVE_KEYS_SECRET).toBe(name);
      // No environment variable refers to a key parameter: only the OOS parameter holds them.
      expect(JSON.stringify(env)).not.toMatch(/AuthKey/);
      expect(r.DependsOn).toContain('LiveKeysParameter');
      expect(policy(id.replace(/^Live|Function$/g, ''))).toContain('"oos:GetSecretParameter"');
    }
    // The only references to the key parameters are in the OOS parameter's value.
    const refs = JSON.stringify(all).match(/"Ref":"Live\w+AuthKey"/g) ?? [];
    expect(refs).toHaveLength(3);
    expect(JSON.stringify(keys)).toContain('"Ref":"LivePushAuthKey"');
  });

  test('grants each function only what it does: the mixer renews its lease and reads mics; only the callback and watchdog start mixers', () => {
    // By name, not Fn::GetAtt: the watchdog invokes itself, and a function cannot wait for its own attribute.
    const name = (fn: string) => all[`Live${fn}Function`].Properties.FunctionName as string;
    for (const fn of ['Callback', 'Watchdog']) {
      expect(policy(fn)).toContain(`functions/${name('Mixer')}"`);
      expect(policy(fn)).toContain(`functions/${name('Watchdog')}"`);
    }
    expect(policy('RoomApi')).not.toContain('fc:InvokeFunction');
    // The mixer starts only its own successor (a handover before FC's time limit).
    expect(policy('Mixer')).toContain(`functions/${name('Mixer')}"`);
    expect(policy('Mixer')).not.toContain(`functions/${name('Watchdog')}"`);
    const mixer = JSON.parse(policy('Mixer'))[0].PolicyDocument.Statement as Array<{ Action: string[]; Resource: unknown[] }>;
    const onTable = (table: string) => mixer.find((s) => JSON.stringify(s.Resource).includes(table))!.Action;
    expect(onTable('LiveRoomsTable')).toEqual(['ots:BatchGetRow', 'ots:GetRange', 'ots:GetRow', 'ots:UpdateRow']);
    expect(onTable('LiveMicsTable')).toEqual(['ots:BatchGetRow', 'ots:GetRange', 'ots:GetRow']);
    const env = (fn: string) => all[`Live${fn}Function`].Properties.EnvironmentVariables;
    expect(env('Callback').MIXER_FUNCTION).toBe(name('Mixer'));
    expect(env('Watchdog').WATCHDOG_FUNCTION).toBe(name('Watchdog'));
  });

  test('indexes the decision fields in Log Service', () => {
    const keys = JSON.stringify(all.LiveLogsIndex.Properties);
    for (const field of ['decision', 'roomId', 'micId', 'epoch', 'verdict', 'exit', 'fps', 'speed']) expect(keys).toContain(`"${field}"`);
  });

  test('polls nothing: no timer; every function is started by an API, a trigger or another function', () => {
    expect(JSON.stringify(all)).not.toMatch(/"TriggerType":"timer"|cronExpression/);
    template.resourceCountIs('ALIYUN::FC3::Trigger', 1);
  });

  test('matches the snapshot', () => {
    expect(template.toJSON()).toMatchSnapshot();
  });

  test('lints clean', () => {
    expect(lintTemplate(template.toJSON())).toEqual([]);
  });
});

describe('LiveMuxCluster with full props', () => {
  const template = Template.fromStack(stackWith(['Live', FULL]));
  const all = resources(template);

  test('settings, sizes and names follow the props; an existing keys parameter creates none and no parameters', () => {
    expect(settingsOf(all)).toMatchObject({
      ingest: { domain: 'push.example.com', app: 'rooms' },
      signing: { convention: 'expiry-time', pushLifetimeSeconds: 7200, playLifetimeSeconds: 600 },
      defaultOutput: { width: 960, height: 540, fps: 25 },
      maxBodyBytes: 4096,
      mixer: {
        idleStopSeconds: 300,
        watchdogIntervalSeconds: 10,
        startGraceSeconds: 20,
        handoverAfterSeconds: 42900,
        slots: 9,
        slotSize: { width: 320, height: 180 },
      },
    });
    template.resourceCountIs('ALIYUN::OOS::SecretParameter', 0);
    expect((template.toJSON() as { Parameters?: object }).Parameters).toBeUndefined();
    expect(all.LiveMixerFunction.Properties.EnvironmentVariables.LIVE_KEYS_SECRET).toBe('team/live-keys');
    expect(all.LiveMixerFunction.Properties).toMatchObject({ Cpu: 4, MemorySize: 8192, Timeout: 43200 });
    expect(all.LiveMixerFunction.Properties.Layers[0]).toBe('acs:fc:cn-shanghai:123456789:layers/my-ffmpeg/versions/3');
    template.resourceCountIs('ALIYUN::ApiGateway::App', 0);
  });

  test('matches the snapshot', () => {
    expect(template.toJSON()).toMatchSnapshot();
  });

  test('lints clean but for the names the props chose', () => {
    const findings = lintTemplate(template.toJSON()).map((f) => `${f.ruleId} ${f.severity} ${f.resource}`);
    expect(findings.sort()).toEqual(['FSC-NAME2 warning LiveLogsProject', 'FSC-NAME2 warning LiveTableStoreInstance']);
  });
});

describe('composition and determinism', () => {
  test('two LiveMuxClusters share a stack and its instance, no name twice', () => {
    const template = Template.fromStack(stackWith(['Live', MINIMAL], ['Other', MINIMAL]));
    const all = resources(template);
    template.resourceCountIs('ALIYUN::OTS::Instance', 1);
    const names = (type: string, prop: string) =>
      Object.values(all)
        .filter((r) => r.Type === type)
        .map((r) => JSON.stringify(r.Properties[prop]));
    expect(new Set(names('ALIYUN::OTS::Table', 'TableName')).size).toBe(4);
    expect(new Set(names('ALIYUN::OOS::SecretParameter', 'SecretParameterName')).size).toBe(2);
    expect(new Set(names('ALIYUN::FC3::Function', 'FunctionName')).size).toBe(8);
    expect(Object.keys((template.toJSON() as { Parameters: object }).Parameters)).toHaveLength(6);
    expect(lintTemplate(template.toJSON())).toEqual([]);
  });

  test('two synths are byte-identical', () => {
    const once = () => JSON.stringify(Template.fromStack(stackWith(['Live', FULL], ['Other', MINIMAL])).toJSON());
    expect(once()).toBe(once());
  });
});

describe('bad props fail at construction, naming the prop, the value and the rule', () => {
  const cases: Array<[string, LiveMuxClusterProps, RegExp]> = [
    ['no ingest domain', { playDomain: 'live.example.com' } as LiveMuxClusterProps, /'ingestDomain' = undefined.*is required/],
    [
      'a URL, not a domain',
      { ...MINIMAL, ingestDomain: 'rtmp://push.example.com/live' },
      /'ingestDomain' = "rtmp:\/\/push.example.com\/live".*domain name/,
    ],
    ['the same domain twice', { ...MINIMAL, playDomain: 'PUSH.example.com' }, /'playDomain' = "PUSH.example.com".*must differ from ingestDomain/],
    ['app name with a slash', { ...MINIMAL, appName: 'a/b' }, /'appName' = "a\/b".*letters, digits/],
    [
      'keys parameter name reserved',
      { ...MINIMAL, existingKeysParameterName: 'ALIYUN-keys' },
      /'existingKeysParameterName' = "ALIYUN-keys".*not starting with ALIYUN/,
    ],
    ['timestamp convention', { ...MINIMAL, signing: { timestampConvention: 'expiry' as never } }, /'signing.timestampConvention' = "expiry"/],
    ['push lifetime', { ...MINIMAL, signing: { pushUrlLifetimeSeconds: 30 } }, /'signing.pushUrlLifetimeSeconds' = 30.*60 to 86400/],
    ['odd width', { ...MINIMAL, defaultOutput: { width: 1279 } }, /'defaultOutput.width' = 1279.*multiple of 2/],
    ['4K', { ...MINIMAL, defaultOutput: { height: 2160 } }, /'defaultOutput.height' = 2160.*90 to 1080/],
    ['fps', { ...MINIMAL, defaultOutput: { fps: 120 } }, /'defaultOutput.fps' = 120.*10 to 60/],
    ['ten mics', { ...MINIMAL, mixer: { maxMics: 10 } }, /'mixer.maxMics' = 10.*1 to 9/],
    ['idle stop', { ...MINIMAL, mixer: { idleStopSeconds: 5 } }, /'mixer.idleStopSeconds' = 5.*10 to 3600/],
    ['watchdog interval', { ...MINIMAL, mixer: { watchdogIntervalSeconds: 3600 } }, /'mixer.watchdogIntervalSeconds' = 3600.*5 to 600/],
    ['slot size', { ...MINIMAL, mixer: { slotWidth: 641 } }, /'mixer.slotWidth' = 641/],
    [
      'mixer concurrency',
      { ...MINIMAL, mixerFunction: { instanceConcurrency: 4 } },
      /'mixerFunction.instanceConcurrency' = 4.*one room per instance/,
    ],
    ['mixer timeout', { ...MINIMAL, mixerFunction: { timeout: 120 } }, /'mixerFunction.timeout' = 120.*at least 600 s: a mixer hands over/],
    ['mixer cpu ratio', { ...MINIMAL, mixerFunction: { cpu: 4, memorySize: 2048 } }, /'mixerFunction.cpu' = 4.*1:1 and 1:4/],
    ['layer', { ...MINIMAL, ffmpegLayerArn: 'FFmpeg6x' }, /'ffmpegLayerArn' = "FFmpeg6x".*layer version ARN/],
    [
      'both log sinks',
      { ...MINIMAL, existingLogSink: { projectName: 'p', logstoreName: 'l' }, logSinkProps: {} },
      /'existingLogSink'.*cannot be combined/,
    ],
    ['protocol', { ...MINIMAL, protocol: 'HTTP' as never }, /'protocol' = "HTTP"/],
    ['event age', { ...MINIMAL, maxEventAgeSeconds: 10 }, /'maxEventAgeSeconds' = 10.*60 to 604800/],
  ];
  test.each(cases)('%s', (_name, props, message) => {
    expect(() => stackWith(['Live', props])).toThrow(message);
  });
});
