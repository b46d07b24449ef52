import * as ros from '@alicloud/ros-cdk-core';
import { IotIngest, IotIngestProps } from '../../constructs';
import { lintTemplate } from '../../constructs/core/lint';
import { Template } from '../../constructs/testing';
import { IOT_TABLES } from '../../runtime/iot/settings';

function stackWith(...patterns: Array<[string, IotIngestProps]>): ros.Stack {
  const app = new ros.App();
  const stack = new ros.Stack(app, 'TestStack', { synthesizer: new ros.DefaultStackSynthesizer({ qualifier: 'fsctest' }) });
  for (const [id, props] of patterns) new IotIngest(stack, id, props);
  return stack;
}

const MINIMAL: IotIngestProps = { push: { appKey: '333123456' } };
const FULL: IotIngestProps = {
  push: { appKey: '24680135', apnsEnv: 'DEV' },
  devices: {
    existingProductKey: 'a1B2c3D4e5F',
    iotInstanceId: 'iot-cn-0pp1n8t0001',
    debounceSeconds: 90,
    minNotifyIntervalSeconds: 300,
    quietHours: { start: '22:30', end: '07:00', utcOffsetMinutes: 480 },
    maxSendAttempts: 5,
  },
  maxRetries: 4,
  maxEventAgeSeconds: 7200,
  anonymous: true,
  requestsPerMinute: 1200,
  protocol: 'HTTP,HTTPS',
  maxBodyBytes: 4096,
  streamExpirationHours: 72,
  tableStoreProps: { instanceName: 'iot-posts' },
  logSinkProps: { projectName: 'my-iot-logs', retentionDays: 14 },
  contentApi: { memorySize: 1024, cpu: 1, timeout: 5 },
  indexer: { memorySize: 1024, cpu: 1, timeout: 30 },
};

type Resources = Record<string, { Type: string; Properties: Record<string, any>; DependsOn?: string[] }>;
const resources = (template: Template) => (template.toJSON() as { Resources: Resources }).Resources;

describe('IotIngest with minimal props', () => {
  const template = Template.fromStack(stackWith(['Iot', MINIMAL]));
  const all = resources(template);

  test('creates the posts, search documents, dead-letter, devices and device-owner tables in the stack\'s shared instance', () => {
    template.resourceCountIs('ALIYUN::OTS::Table', Object.keys(IOT_TABLES).length);
    for (const table of Object.values(IOT_TABLES)) {
      template.hasResourceProperties('ALIYUN::OTS::Table', {
        InstanceName: { 'Fn::GetAtt': ['FscSharedTableStoreInstance', 'InstanceName'] },
        TableName: `Iot_${table.name}`,
        PrimaryKey: table.primaryKey.map((k) => ({ Name: k.name, Type: k.type })),
        MaxVersions: 1,
      });
    }
  });

  test('indexes the search documents: text, author, tags (an array), createdAt for sorting, and the live flag', () => {
    template.hasResourceProperties('ALIYUN::OTS::SearchIndex', {
      TableName: { 'Fn::GetAtt': ['IotSearchDocsTable', 'TableName'] },
      IndexName: 'Iot_post_search_index',
      FieldSchemas: [
        { FieldName: 'text', FieldType: 'FieldType.TEXT', Index: true, Store: true },
        { FieldName: 'author', FieldType: 'FieldType.KEYWORD', Index: true, Store: true },
        { FieldName: 'tags', FieldType: 'FieldType.KEYWORD', Index: true, Store: true, IsArray: true },
        { FieldName: 'createdAt', FieldType: 'FieldType.LONG', Index: true, Store: true, EnableSortAndAgg: true },
        { FieldName: '_live', FieldType: 'FieldType.BOOLEAN', Index: true },
      ],
    });
  });

  test('turns the posts stream on through a custom resource before the Tablestore trigger is created', () => {
    const [streamId, stream] = Object.entries(all).find(([, r]) => r.Type === 'ALIYUN::ROS::CustomResource')!;
    expect(stream.Properties).toEqual({
      ServiceToken: { 'Fn::Sub': ['acs:fc:${ALIYUN::Region}:${ALIYUN::TenantId}:functions/${Function}', { Function: expect.anything() }] },
      Parameters: {
        InstanceName: { 'Fn::GetAtt': ['FscSharedTableStoreInstance', 'InstanceName'] },
        Endpoint: { 'Fn::GetAtt': ['FscSharedTableStoreInstance', 'PublicEndpoint'] },
        TableName: { 'Fn::GetAtt': ['IotPostsTable', 'TableName'] },
        ExpirationHours: 24,
      },
      Timeout: 240,
    });
    const [, trigger] = Object.entries(all).find(([, r]) => r.Type === 'ALIYUN::FC3::Trigger' && r.Properties.TriggerType === 'tablestore')!;
    expect(trigger.Properties).toMatchObject({ TriggerType: 'tablestore', TriggerConfig: {}, TriggerName: 'posts-stream' });
    expect(JSON.stringify(trigger.Properties.SourceArn)).toContain(':instance/${Instance}/table/${Table}');
    expect(trigger.DependsOn).toContain(streamId);
  });

  test('the trigger role is assumed by the Tablestore service account and may only invoke the indexer and read the stream', () => {
    const role = Object.values(all).find((r) => r.Type === 'ALIYUN::RAM::Role' && JSON.stringify(r.Properties).includes('1604337383174619'))!;
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { RAM: ['acs:ram::1604337383174619:root'] } },
    ]);
    const actions = role.Properties.Policies[0].PolicyDocument.Statement.map((s: { Action: string[] }) => s.Action);
    expect(actions).toEqual([['fc:InvokeFunction'], ['ots:BatchGet*', 'ots:Describe*', 'ots:Get*', 'ots:List*']]);
  });

  test('serves the five content routes through API Gateway with app authorization', () => {
    template.resourceCountIs('ALIYUN::ApiGateway::Api', 8);
    for (const [method, path] of [['POST', '/posts'], ['GET', '/posts'], ['GET', '/posts/[id]'], ['PUT', '/posts/[id]'], ['DELETE', '/posts/[id]']]) {
      template.hasResourceProperties('ALIYUN::ApiGateway::Api', { AuthType: 'APP', RequestConfig: { RequestHttpMethod: method, RequestPath: path } });
    }
    template.resourceCountIs('ALIYUN::ApiGateway::App', 2);
  });

  test('serves the device routes from their own group and function', () => {
    const deviceApis = Object.entries(all).filter(([id, r]) => r.Type === 'ALIYUN::ApiGateway::Api' && id.startsWith('IotDevicesApi'));
    expect(deviceApis.map(([, r]) => [r.Properties.RequestConfig.RequestHttpMethod, r.Properties.RequestConfig.RequestPath])).toEqual([
      ['GET', '/devices/[productKey]/[deviceName]'],
      ['PUT', '/devices/[productKey]/[deviceName]/owners/[owner]'],
      ['DELETE', '/devices/[productKey]/[deviceName]/owners/[owner]'],
    ]);
    for (const [, api] of deviceApis) {
      expect(api.Properties.ServiceConfig.FunctionComputeConfig.FunctionName).toEqual({ 'Fn::GetAtt': ['IotDeviceApiFunction', 'FunctionName'] });
    }
    const outputs = ['IotApiDomain', 'IotAppKey', 'IotDevicesApiDomain', 'IotDevicesApiAppKey'];
    expect(Object.keys(template.toJSON().Outputs ?? {})).toEqual(expect.arrayContaining(outputs));
  });

  test('creates an IoT product (senior edition, Alink JSON) and status and property rules forwarding to the devices topic', () => {
    template.hasResourceProperties('ALIYUN::IOT::Product', { NodeType: 0, AliyunCommodityCode: 'iothub_senior', DataFormat: 1, AuthType: 'secret' });
    const product = Object.values(all).find((r) => r.Type === 'ALIYUN::IOT::Product')!;
    expect(product.Properties.ProductName).toMatch(/^[A-Za-z0-9_]{4,30}$/);
    expect(product.Properties.IotInstanceId).toBeUndefined();
    const rules = Object.values(all).filter((r) => r.Type === 'ALIYUN::IOT::Rule');
    expect(rules.map((r) => [r.Properties.TopicType, r.Properties.ShortTopic, r.Properties.Select, r.Properties.StartRule])).toEqual([
      [2, '+', '*', true],
      [0, '+/thing/event/property/post', '*', true],
    ]);
    for (const rule of rules) {
      expect(rule.Properties.ProductKey).toEqual({ 'Fn::GetAtt': ['IotProduct', 'ProductKey'] });
      const [action] = rule.Properties.RuleAction;
      expect(action.Type).toBe('MNS');
      expect(action.ErrorActionFlag).toBe('false');
      const [body, vars] = action.Configuration['Fn::Sub'];
      expect(JSON.parse(body)).toEqual({
        themeName: '${Topic}',
        regionName: '${ALIYUN::Region}',
        role: { roleArn: 'acs:ram::${ALIYUN::TenantId}:role/aliyuniotaccessingmnsrole', roleName: 'AliyunIOTAccessingMNSRole' },
      });
      expect(vars).toEqual({ Topic: { 'Fn::GetAtt': ['IotDevicesTopic', 'TopicName'] } });
      expect(rule.DependsOn).toEqual(expect.arrayContaining(['IotDevicesTopic', 'IotProduct']));
    }
  });

  test('the devices topic invokes the status function through an MNS trigger (JSON, exponential retries) and a role MNS assumes', () => {
    template.hasResourceProperties('ALIYUN::MNS::Topic', { MaximumMessageSize: 65536 });
    const [, trigger] = Object.entries(all).find(([, r]) => r.Type === 'ALIYUN::FC3::Trigger' && r.Properties.TriggerType === 'mns_topic')!;
    expect(trigger.Properties).toMatchObject({
      FunctionName: { 'Fn::GetAtt': ['IotDeviceStatusFunction', 'FunctionName'] },
      TriggerConfig: { notifyContentFormat: 'JSON', notifyStrategy: 'EXPONENTIAL_DECAY_RETRY' },
      SourceArn: {
        'Fn::Sub': ['acs:mns:${ALIYUN::Region}:${ALIYUN::TenantId}:/topics/${Topic}', { Topic: { 'Fn::GetAtt': ['IotDevicesTopic', 'TopicName'] } }],
      },
      InvocationRole: { 'Fn::GetAtt': ['IotStatusTriggerRole', 'Arn'] },
    });
    const role = all.IotStatusTriggerRole.Properties;
    expect(role.AssumeRolePolicyDocument.Statement[0].Principal).toEqual({ Service: ['mns.aliyuncs.com'] });
    expect(JSON.stringify(role.Policies)).toContain('IotDeviceStatusFunction');
  });

  test('the transition check retries into the device failure handler, and only the check and its handler push', () => {
    const configs = Object.values(all).filter((r) => r.Type === 'ALIYUN::FC3::AsyncInvokeConfig');
    const check = configs.find((c) => JSON.stringify(c.Properties.FunctionName).includes('IotTransitionCheckFunction'))!;
    expect(check.Properties).toMatchObject({ MaxAsyncRetryAttempts: 2 });
    expect(JSON.stringify(check.Properties.DestinationConfig)).toContain('IotDeviceFailureFunction');
    const policy = (fn: string) => JSON.stringify(all[`Iot${fn}Role`].Properties.Policies);
    for (const fn of ['TransitionCheck', 'DeviceFailure']) expect(policy(fn)).toContain('"mpush:MassPush","mpush:Push"');
    for (const fn of ['ContentApi', 'Indexer', 'DeviceApi', 'DeviceStatus']) expect(policy(fn)).not.toContain('mpush:');
    // The check by its name, not its Fn::GetAtt: it re-queues itself, and a function cannot wait for its own attribute.
    const checkName = all.IotTransitionCheckFunction.Properties.FunctionName as string;
    for (const fn of ['DeviceStatus', 'TransitionCheck', 'DeviceFailure']) expect(policy(fn)).toContain(`functions/${checkName}`);
    const env = (fn: string) => all[`Iot${fn}Function`].Properties.EnvironmentVariables;
    expect(env('DeviceStatus').CHECK_FUNCTION).toBe(checkName);
  });

  test('grants each function only its tables: the API writes posts and searches; the indexer writes search documents and dead letters', () => {
    const policy = (fn: string) => JSON.stringify(all[`Iot${fn}Role`].Properties.Policies);
    expect(policy('ContentApi')).toContain('ots:Search');
    expect(policy('ContentApi')).not.toContain('DeadLetters');
    expect(policy('Indexer')).toContain('IotDeadLettersTable');
    expect(policy('Indexer')).not.toContain('ots:Search');
    expect(policy('StreamEnabler')).toContain('ots:UpdateTable');
    expect(policy('StreamEnabler')).not.toContain('ots:PutRow');
  });

  test('polls nothing: no timer, and every function is started by an event (an API, a trigger, ROS, another function, FC)', () => {
    const triggers = Object.values(all).filter((r) => r.Type === 'ALIYUN::FC3::Trigger');
    expect(triggers.map((r) => r.Properties.TriggerType).sort()).toEqual(['mns_topic', 'tablestore']);
    expect(JSON.stringify(all)).not.toMatch(/"TriggerType":"timer"|cronExpression|ALIYUN::ROS::(AutoEnableService|WaitCondition)/);
    const functionId = (ref: unknown) => JSON.stringify(ref).match(/"(Iot\w+Function)"/)?.[1];
    const startedBy = new Map<string, string>();
    for (const [id, r] of Object.entries(all)) {
      if (r.Type === 'ALIYUN::FC3::Trigger') startedBy.set(functionId(r.Properties.FunctionName)!, `${r.Properties.TriggerType} trigger`);
      if (r.Type === 'ALIYUN::ApiGateway::Api') {
        startedBy.set(functionId(r.Properties.ServiceConfig.FunctionComputeConfig.FunctionName)!, 'API Gateway');
      }
      if (r.Type === 'ALIYUN::ROS::CustomResource') startedBy.set(functionId(r.Properties.ServiceToken)!, `custom resource ${id}`);
      if (r.Type === 'ALIYUN::FC3::AsyncInvokeConfig' && r.Properties.DestinationConfig) {
        startedBy.set(functionId(r.Properties.DestinationConfig)!, 'async destination');
      }
    }
    // The transition check: delayed invocations of the function the status function is told to invoke (CHECK_FUNCTION).
    const named = (name: unknown) =>
      Object.keys(all).find((id) => all[id].Type === 'ALIYUN::FC3::Function' && all[id].Properties.FunctionName === name);
    startedBy.set(named(all.IotDeviceStatusFunction.Properties.EnvironmentVariables.CHECK_FUNCTION)!, 'delayed invocation');
    const functions = Object.entries(all).filter(([, r]) => r.Type === 'ALIYUN::FC3::Function').map(([id]) => id);
    expect(functions.filter((f) => !startedBy.has(f))).toEqual([]);
    expect(Object.fromEntries(functions.map((f) => [f, startedBy.get(f)]))).toEqual({
      IotContentApiFunction: 'API Gateway',
      IotIndexerFunction: 'tablestore trigger',
      IotStreamEnablerFunction: 'custom resource IotPostsStream',
      IotDeviceApiFunction: 'API Gateway',
      IotDeviceStatusFunction: 'mns_topic trigger',
      IotTransitionCheckFunction: 'delayed invocation',
      IotDeviceFailureFunction: 'async destination',
    });
  });

  test('matches the snapshot', () => {
    expect(template.toJSON()).toMatchSnapshot();
  });

  test('lints clean', () => {
    expect(lintTemplate(template.toJSON())).toEqual([]);
  });
});

describe('IotIngest with full props', () => {
  const template = Template.fromStack(stackWith(['Iot', FULL]));

  test('settings, sizes and names follow the props', () => {
    template.resourceCountIs('ALIYUN::ApiGateway::App', 0);
    template.resourceCountIs('ALIYUN::IOT::Product', 0);
    template.hasResourceProperties('ALIYUN::IOT::Rule', { ProductKey: 'a1B2c3D4e5F', TopicType: 2, IotInstanceId: 'iot-cn-0pp1n8t0001' });
    template.hasResourceProperties('ALIYUN::OTS::Instance', { InstanceName: 'iot-posts' });
    template.hasResourceProperties('ALIYUN::FC3::Function', { MemorySize: 1024, Cpu: 1, Timeout: 30 });
    template.hasResourceProperties('ALIYUN::ROS::CustomResource', { Parameters: { ExpirationHours: 72 } });
    const env = (template.findResources('ALIYUN::FC3::Function').IotContentApiFunction.Properties as any).EnvironmentVariables;
    expect(JSON.parse(env.IOT_SETTINGS)).toEqual({
      tables: {
        posts: 'Iot_posts',
        searchDocs: 'Iot_post_search',
        deadLetters: 'Iot_index_dead_letters',
        devices: 'Iot_devices',
        deviceOwners: 'Iot_device_owners',
      },
      searchIndex: 'Iot_post_search_index',
      maxBodyBytes: 4096,
      devices: {
        debounceSeconds: 90,
        minNotifyIntervalSeconds: 300,
        quietHours: { start: '22:30', end: '07:00', utcOffsetMinutes: 480 },
        maxSendAttempts: 5,
        push: { appKey: '24680135', apnsEnv: 'DEV' },
      },
    });
    template.hasResourceProperties('ALIYUN::FC3::AsyncInvokeConfig', { MaxAsyncRetryAttempts: 4, MaxAsyncEventAgeInSeconds: 7200 });
  });

  test('matches the snapshot', () => {
    expect(template.toJSON()).toMatchSnapshot();
  });

  test('lints clean but for the names the props chose', () => {
    const findings = lintTemplate(template.toJSON()).map((f) => `${f.ruleId} ${f.severity} ${f.resource}`);
    expect(findings.sort()).toEqual(['FSC-NAME2 warning IotLogsProject', 'FSC-NAME2 warning IotTableStoreInstance']);
  });
});

describe('composition and determinism', () => {
  test('two IotIngests share a stack and its instance, no name twice', () => {
    const template = Template.fromStack(stackWith(['Iot', MINIMAL], ['Other', MINIMAL]));
    template.resourceCountIs('ALIYUN::OTS::Instance', 1);
    template.resourceCountIs('ALIYUN::OTS::SearchIndex', 2);
    const names = Object.values(template.findResources('ALIYUN::OTS::Table')).map((t) => (t.Properties as { TableName: string }).TableName);
    expect(new Set(names).size).toBe(10);
    template.resourceCountIs('ALIYUN::MNS::Topic', 2);
    const topics = Object.values(template.findResources('ALIYUN::MNS::Topic')).map((t) => (t.Properties as { TopicName: string }).TopicName);
    const rules = Object.values(template.findResources('ALIYUN::IOT::Rule')).map((t) => (t.Properties as { Name: string }).Name);
    expect(new Set(topics).size).toBe(2);
    expect(new Set(rules).size).toBe(4);
    expect(lintTemplate(template.toJSON())).toEqual([]);
  });

  test('two synths are byte-identical', () => {
    const once = () => JSON.stringify(Template.fromStack(stackWith(['Iot', FULL], ['Other', MINIMAL])).toJSON());
    expect(once()).toBe(once());
  });
});

describe('bad props fail at construction, naming the prop', () => {
  const push = MINIMAL.push;
  const cases: Array<[string, IotIngestProps, RegExp]> = [
    ['no push', {} as IotIngestProps, /'push' = undefined.*is required/],
    ['push app key not a number', { push: { appKey: 'abc' } }, /'push.appKey' = "abc".*4-19 digits/],
    ['apns env', { push: { appKey: '333123456', apnsEnv: 'TEST' as never } }, /'push.apnsEnv' = "TEST"/],
    ['stream too long', { push, streamExpirationHours: 169 }, /'streamExpirationHours' = 169.*1 to 168/],
    ['stream zero', { push, streamExpirationHours: 0 }, /'streamExpirationHours' = 0/],
    ['indexer too slow for its trigger', { push, indexer: { timeout: 120 } }, /'indexer.timeout' = 120.*at most 60/],
    ['body size', { push, maxBodyBytes: 10 }, /'maxBodyBytes' = 10/],
    ['traffic limit', { push, requestsPerMinute: 0 }, /'requestsPerMinute' = 0/],
    ['protocol', { push, protocol: 'HTTP' as never }, /'protocol' = "HTTP"/],
    ['memory', { push, contentApi: { memorySize: 100 } }, /'contentApi.memorySize' = 100/],
    ['status function memory', { push, deviceStatus: { memorySize: 100 } }, /'deviceStatus.memorySize' = 100/],
    ['instance name', { push, tableStoreProps: { instanceName: '1bad' } }, /'tableStoreProps.instanceName' = "1bad"/],
    ['debounce', { push, devices: { debounceSeconds: 3601 } }, /'devices.debounceSeconds' = 3601.*0 to 3600/],
    ['rate limit', { push, devices: { minNotifyIntervalSeconds: -1 } }, /'devices.minNotifyIntervalSeconds' = -1/],
    ['send attempts', { push, devices: { maxSendAttempts: 10 } }, /'devices.maxSendAttempts' = 10.*1 to 9/],
    ['quiet hours start', { push, devices: { quietHours: { start: '24:00', end: '07:00', utcOffsetMinutes: 0 } } }, /'devices.quietHours.start' = "24:00"/],
    ['quiet hours empty', { push, devices: { quietHours: { start: '07:00', end: '07:00', utcOffsetMinutes: 0 } } }, /'devices.quietHours.end' = "07:00".*differ/],
    ['quiet hours offset', { push, devices: { quietHours: { start: '22:00', end: '07:00', utcOffsetMinutes: 900 } } }, /utcOffsetMinutes' = 900/],
    ['product key', { push, devices: { existingProductKey: 'a/b' } }, /'devices.existingProductKey' = "a\/b"/],
    ['product name with an existing product', { push, devices: { existingProductKey: 'pk1', productName: 'mine' } }, /'devices.productName' = "mine"/],
    ['product name', { push, devices: { productName: 'ab' } }, /'devices.productName' = "ab".*4-30/],
    ['product name with a hyphen', { push, devices: { productName: 'my-lamps' } }, /'devices.productName' = "my-lamps".*underscores/],
    ['instance id', { push, devices: { iotInstanceId: 'iot cn' } }, /'devices.iotInstanceId' = "iot cn"/],
    ['retries', { push, maxRetries: 9 }, /'maxRetries' = 9/],
  ];
  test.each(cases)('%s', (_name, props, message) => {
    expect(() => stackWith(['Iot', props])).toThrow(message);
  });
});
