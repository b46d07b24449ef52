import * as ros from '@alicloud/ros-cdk-core';
import * as ots from '@alicloud/ros-cdk-ots';
import { DispatchSystem, DispatchSystemProps, IotIngest, LiveMuxCluster, MediaPipeline, PropError } from '../../constructs';
import { lintTemplate } from '../../constructs/core/lint';
import { Match, Template } from '../../constructs/testing';
import { DISPATCH_TABLES } from '../../runtime/dispatch/settings';

function stackWith(...systems: Array<[string, DispatchSystemProps]>): ros.Stack {
  const app = new ros.App();
  const stack = new ros.Stack(app, 'TestStack', { synthesizer: new ros.DefaultStackSynthesizer({ qualifier: 'fsctest' }) });
  for (const [id, props] of systems) new DispatchSystem(stack, id, props);
  return stack;
}

const MINIMAL: DispatchSystemProps = { push: { appKey: '333123456' } };
const FULL: DispatchSystemProps = {
  push: { appKey: '23267207', apnsEnv: 'DEV' },
  anonymous: true,
  requestsPerMinute: 1200,
  protocol: 'HTTP,HTTPS',
  offer: { size: 5, ttlSeconds: 45, maxRounds: 3 },
  cellPrecision: 7,
  maxRings: 4,
  locationMaxAgeSeconds: 30,
  courierCapacity: 3,
  loadPenaltyMeters: 800,
  maxBodyBytes: 4096,
  maxSendAttempts: 3,
  tableStoreProps: { instanceName: 'dispatch-state' },
  logSinkProps: { projectName: 'my-dispatch-logs', retentionDays: 14 },
  apiFunction: { memorySize: 1024, cpu: 1, timeout: 5 },
  notifier: { memorySize: 256, cpu: 0.25 },
  maxRetries: 3,
  maxEventAgeSeconds: 600,
};

describe('DispatchSystem with minimal props', () => {
  const template = Template.fromStack(stackWith(['Dispatch', MINIMAL]));

  test('creates every dispatch table, named after the pattern, in the stack\'s shared Table Store instance', () => {
    template.resourceCountIs('ALIYUN::OTS::Instance', 1);
    template.resourceCountIs('ALIYUN::OTS::Table', Object.keys(DISPATCH_TABLES).length);
    for (const table of Object.values(DISPATCH_TABLES)) {
      template.hasResourceProperties('ALIYUN::OTS::Table', {
        InstanceName: { 'Fn::GetAtt': ['FscSharedTableStoreInstance', 'InstanceName'] },
        TableName: `Dispatch_${table.name}`,
        PrimaryKey: table.primaryKey.map((k) => ({ Name: k.name, Type: k.type })),
        MaxVersions: 1,
      });
    }
  });

  test('serves every route through API Gateway, FC 3.0 event backend, published to RELEASE', () => {
    template.resourceCountIs('ALIYUN::ApiGateway::Group', 1);
    template.resourceCountIs('ALIYUN::ApiGateway::Api', 10);
    template.resourceCountIs('ALIYUN::ApiGateway::Deployment', 10);
    for (const [method, path] of [
      ['POST', '/orders'],
      ['GET', '/orders/[id]'],
      ['POST', '/orders/[id]/accept'],
      ['POST', '/couriers/[id]/location'],
      ['POST', '/sellers'],
    ]) {
      template.hasResourceProperties('ALIYUN::ApiGateway::Api', {
        AuthType: 'APP',
        Visibility: 'PUBLIC',
        RequestConfig: { RequestHttpMethod: method, RequestPath: path, RequestProtocol: 'HTTPS', RequestMode: 'PASSTHROUGH' },
        ServiceConfig: {
          ServiceProtocol: 'FunctionCompute',
          FunctionComputeConfig: {
            FcVersion: '3.0',
            FcType: 'FCEvent',
            FunctionName: { 'Fn::GetAtt': ['DispatchApiFunctionFunction', 'FunctionName'] },
            RoleArn: { 'Fn::GetAtt': ['DispatchApiRole', 'Arn'] },
          },
        },
      });
    }
    template.hasResourceProperties('ALIYUN::ApiGateway::Api', {
      RequestConfig: { RequestPath: '/orders/[id]/cancel' },
      RequestParameters: [{ ApiParameterName: 'id', Location: 'PATH', Required: 'REQUIRED' }],
    });
    template.hasResourceProperties('ALIYUN::ApiGateway::Deployment', { StageName: 'RELEASE' });
  });

  test('authorizes a pattern app on every API and limits traffic', () => {
    template.resourceCountIs('ALIYUN::ApiGateway::App', 1);
    const auth = Object.values(template.findResources('ALIYUN::ApiGateway::Authorization'))[0];
    expect((auth.Properties as any).ApiIds).toHaveLength(10);
    expect(auth.DependsOn).toHaveLength(10);
    template.hasResourceProperties('ALIYUN::ApiGateway::TrafficControl', { TrafficControlUnit: 'MINUTE', ApiDefault: 6000 });
    template.hasResourceProperties('ALIYUN::ApiGateway::TrafficControlBinding', { StageName: 'RELEASE' });
    template.hasOutput('DispatchAppKey', { Value: { 'Fn::GetAtt': ['DispatchApiApp', 'AppKey'] } });
  });

  test('API Gateway invokes only the API function', () => {
    const role = template.findResources('ALIYUN::RAM::Role').DispatchApiRole.Properties as any;
    expect(role.AssumeRolePolicyDocument.Statement[0].Principal.Service).toEqual(['apigateway.aliyuncs.com']);
    const statements = role.Policies[0].PolicyDocument.Statement;
    expect(statements).toHaveLength(1);
    expect(statements[0].Action).toEqual(['fc:InvokeFunction']);
    expect(JSON.stringify(statements[0].Resource)).toContain('"Fn::GetAtt":["DispatchApiFunctionFunction","FunctionName"]');
  });

  test('has four functions: API, notifier, offer sweeper on a timer, failure handler', () => {
    template.resourceCountIs('ALIYUN::FC3::Function', 4);
    template.hasResourceProperties('ALIYUN::FC3::Trigger', {
      TriggerType: 'timer',
      FunctionName: { 'Fn::GetAtt': ['DispatchOfferSweeperFunction', 'FunctionName'] },
      TriggerConfig: { cronExpression: '@every 1m', enable: true },
    });
    // The notifier's retries cover every send attempt (maxSendAttempts 5 → 4 retries).
    for (const [fn, retries] of [['Notifier', 4], ['OfferSweeper', 2]] as const) {
      template.hasResourceProperties('ALIYUN::FC3::AsyncInvokeConfig', {
        FunctionName: { 'Fn::GetAtt': [`Dispatch${fn}Function`, 'FunctionName'] },
        MaxAsyncRetryAttempts: retries,
        DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
      });
    }
    const env = (template.findResources('ALIYUN::FC3::Function').DispatchApiFunctionFunction.Properties as any).EnvironmentVariables;
    expect(JSON.parse(env.DISPATCH_SETTINGS)).toMatchObject({
      offerSize: 3,
      offerTtlSeconds: 30,
      cellPrecision: 6,
      push: { appKey: '333123456', apnsEnv: 'PRODUCT' },
    });
    // The notifier's name itself, not its Fn::GetAtt: it re-queues itself, and a function cannot wait for its own attribute.
    const notifier = template.findResources('ALIYUN::FC3::Function').DispatchNotifierFunction.Properties as any;
    expect(env.NOTIFIER_FUNCTION).toBe(notifier.FunctionName);
  });

  test('only the notifier may push, with mpush:Push', () => {
    const roles = template.findResources('ALIYUN::RAM::Role');
    const actions = (id: string) => JSON.stringify((roles[id].Properties as any).Policies);
    expect(actions('DispatchNotifierRole')).toContain('"mpush:Push"');
    for (const other of ['DispatchApiFunctionRole', 'DispatchOfferSweeperRole', 'DispatchFailureHandlerRole'])
      expect(actions(other)).not.toContain('mpush');
    expect(actions('DispatchApiFunctionRole')).toContain('DispatchCourierCellsTable');
    // The notifier reads and writes only the order rows that carry its outbox; due markers are the sweeper's.
    expect(actions('DispatchNotifierRole')).toContain('DispatchOrdersTable');
    expect(actions('DispatchOfferSweeperRole')).toContain('DispatchOutboxDueTable');
    expect(actions('DispatchNotifierRole')).not.toMatch(/Dispatch(Couriers|Sellers|Routes|CourierCells|OpenOffers|OutboxDue)Table/);
    // The sweeper re-offers: orders, open offers and the courier index, never sellers or routes.
    expect(actions('DispatchOfferSweeperRole')).toContain('DispatchCourierCellsTable');
    expect(actions('DispatchOfferSweeperRole')).not.toMatch(/Dispatch(Sellers|Routes)Table/);
  });

  test('indexes the decision log fields', () => {
    template.hasResourceProperties('ALIYUN::SLS::Index', {
      KeyIndices: Match.arrayWith([
        Match.objectLike({
          Name: 'message',
          JsonKeyIndices: Match.arrayWith([Match.objectLike({ Name: 'winner' }), Match.objectLike({ Name: 'durationMs', Type: 'double' })]),
        }),
      ]),
    });
  });

  test('matches the snapshot', () => {
    expect(template.toJSON()).toMatchSnapshot();
  });

  test('lints clean', () => {
    expect(lintTemplate(template.toJSON())).toEqual([]);
  });
});

describe('DispatchSystem with full props', () => {
  const template = Template.fromStack(stackWith(['Dispatch', FULL]));

  test('anonymous APIs have no app; settings and sizes follow the props', () => {
    template.resourceCountIs('ALIYUN::ApiGateway::App', 0);
    template.resourceCountIs('ALIYUN::ApiGateway::Authorization', 0);
    template.hasResourceProperties('ALIYUN::ApiGateway::Api', { AuthType: 'ANONYMOUS', RequestConfig: { RequestProtocol: 'HTTP,HTTPS' } });
    template.hasResourceProperties('ALIYUN::ApiGateway::TrafficControl', { ApiDefault: 1200 });
    template.hasResourceProperties('ALIYUN::OTS::Instance', { InstanceName: 'dispatch-state' });
    template.hasResourceProperties('ALIYUN::FC3::Function', { MemorySize: 1024, Cpu: 1, Timeout: 5, InstanceConcurrency: 1 });
    const env = (template.findResources('ALIYUN::FC3::Function').DispatchApiFunctionFunction.Properties as any).EnvironmentVariables;
    expect(JSON.parse(env.DISPATCH_SETTINGS)).toEqual({
      cellPrecision: 7, maxRings: 4, offerSize: 5, offerTtlSeconds: 45, maxOfferRounds: 3, locationMaxAgeSeconds: 30,
      defaultCourierCapacity: 3, loadPenaltyMeters: 800, maxBodyBytes: 4096, maxSendAttempts: 3, push: { appKey: '23267207', apnsEnv: 'DEV' },
      tables: {
        orders: 'Dispatch_orders', couriers: 'Dispatch_couriers', sellers: 'Dispatch_sellers', routes: 'Dispatch_routes',
        courierCells: 'Dispatch_courier_cells', openOffers: 'Dispatch_open_offers', outboxDue: 'Dispatch_outbox_due',
      },
    });
  });

  test('matches the snapshot', () => {
    expect(template.toJSON()).toMatchSnapshot();
  });

  test('lints clean but for the names the props chose, which every account deploying the template would share', () => {
    const findings = lintTemplate(template.toJSON()).map((f) => `${f.ruleId} ${f.severity} ${f.resource}`);
    expect(findings.sort()).toEqual(['FSC-NAME2 warning DispatchLogsProject', 'FSC-NAME2 warning DispatchTableStoreInstance']);
  });
});

describe('composition and determinism', () => {
  test('two dispatch systems share a stack', () => {
    const template = Template.fromStack(stackWith(['Dispatch', MINIMAL], ['Backup', MINIMAL]));
    template.resourceCountIs('ALIYUN::ApiGateway::Group', 2);
    template.resourceCountIs('ALIYUN::FC3::Function', 8);
    // One shared instance, fourteen tables, no two with one name.
    template.resourceCountIs('ALIYUN::OTS::Instance', 1);
    const names = Object.values(template.findResources('ALIYUN::OTS::Table')).map((t) => (t.Properties as { TableName: string }).TableName);
    expect(new Set(names).size).toBe(14);
    expect(names).toEqual(expect.arrayContaining(['Dispatch_orders', 'Backup_orders']));
    expect(lintTemplate(template.toJSON())).toEqual([]);
  });

  test('two synths are byte-identical', () => {
    const once = () => JSON.stringify(Template.fromStack(stackWith(['Dispatch', FULL], ['Other', MINIMAL])).toJSON());
    expect(once()).toBe(once());
  });

  test("an existing instance gets the pattern's tables, one CreateTable at a time; an ots.Instance needs no Token.asString", () => {
    const stack = stackWith();
    const theirs = new ots.Instance(stack, 'Theirs', { instanceName: 'theirs', description: 'already there' });
    new DispatchSystem(stack, 'Dispatch', { ...MINIMAL, existingTableStore: theirs });
    const template = Template.fromStack(stack);
    template.resourceCountIs('ALIYUN::OTS::Instance', 1);
    const tables = template.findResources('ALIYUN::OTS::Table', { InstanceName: { 'Fn::GetAtt': ['Theirs', 'InstanceName'] } });
    expect(Object.values(tables).map((t) => (t.Properties as { TableName: string }).TableName).sort()).toEqual(
      Object.values(DISPATCH_TABLES).map((d) => `Dispatch_${d.name}`).sort(),
    );
    expect(Object.values(tables).filter((t) => t.DependsOn === undefined)).toHaveLength(1);
    template.hasResourceProperties('ALIYUN::FC3::Function', {
      EnvironmentVariables: {
        OTS_INSTANCE: { 'Fn::GetAtt': ['Theirs', 'InstanceName'] },
        OTS_ENDPOINT: { 'Fn::GetAtt': ['Theirs', 'PublicEndpoint'] },
      },
    });
    // (The user's own instance has a literal name, which the rule pack warns about: theirs to decide.)
    expect(lintTemplate(template.toJSON()).filter((f) => f.resource !== 'Theirs')).toEqual([]);
  });

  test('an existing instance that holds the tables already (existingTables) is used as it is', () => {
    const theirs = { instanceName: 'theirs', endpoint: 'https://theirs.cn-hangzhou.ots.aliyuncs.com' };
    const template = Template.fromStack(stackWith(['Dispatch', { ...MINIMAL, existingTableStore: theirs, existingTables: true }]));
    template.resourceCountIs('ALIYUN::OTS::Instance', 0);
    template.resourceCountIs('ALIYUN::OTS::Table', 0);
    template.hasResourceProperties('ALIYUN::FC3::Function', { EnvironmentVariables: { OTS_INSTANCE: 'theirs' } });
    expect(JSON.stringify(template.findResources('ALIYUN::RAM::Role').DispatchApiFunctionRole)).toContain('instance/theirs/table/orders');
    const env = (template.findResources('ALIYUN::FC3::Function').DispatchApiFunctionFunction.Properties as any).EnvironmentVariables;
    expect(JSON.parse(env.DISPATCH_SETTINGS).tables.orders).toBe('orders');
  });
});

describe('no props at all (a JavaScript caller)', () => {
  test.each([
    ['DispatchSystem', (s: ros.Stack) => new DispatchSystem(s, 'X', undefined as never), /DispatchSystem 'X': prop 'props' = undefined is invalid: must be an object with at least `push: \{ appKey \}`/],
    ['IotIngest', (s: ros.Stack) => new IotIngest(s, 'X', null as never), /IotIngest 'X': prop 'props' = null is invalid: must be an object/],
    ['LiveMuxCluster', (s: ros.Stack) => new LiveMuxCluster(s, 'X', undefined as never), /`ingestDomain` and `playDomain`/],
    ['MediaPipeline', (s: ros.Stack) => new MediaPipeline(s, 'X', 'uploads/' as never), /MediaPipeline 'X': prop 'props' = "uploads\/" is invalid/],
  ])('%s: a PropError naming what is required, not a TypeError', (_name, make, message) => {
    expect(() => make(stackWith())).toThrow(message);
    expect(() => make(stackWith())).toThrow(PropError);
  });
});

describe('bad props fail at construction, naming the prop', () => {
  const cases: Array<[string, DispatchSystemProps, RegExp]> = [
    ['missing push', {} as DispatchSystemProps, /'push'.*required/],
    [
      'concurrency on a built-in runtime',
      { push: { appKey: '333123456' }, apiFunction: { instanceConcurrency: 20 } },
      /'apiFunction.instanceConcurrency' = 20.*must be 1: FC 3.0 built-in runtimes/,
    ],
    ['bad app key', { push: { appKey: 'has spaces' } }, /'push.appKey' = "has spaces"/],
    ['placeholder app key', { push: { appKey: '333xxxx' } }, /'push.appKey' = "333xxxx".*4-19 digits/],
    ['too many send attempts', { ...MINIMAL, maxSendAttempts: 10 }, /'maxSendAttempts' = 10.*1 to 9/],
    ['unknown apns env', { push: { appKey: '1234', apnsEnv: 'TEST' as never } }, /'push.apnsEnv' = "TEST".*one of/],
    ['offer size zero', { ...MINIMAL, offer: { size: 0 } }, /'offer.size' = 0.*1 to 20/],
    ['offer ttl too short', { ...MINIMAL, offer: { ttlSeconds: 5 } }, /'offer.ttlSeconds' = 5/],
    ['cell precision', { ...MINIMAL, cellPrecision: 12 }, /'cellPrecision' = 12.*5 to 8/],
    ['location age', { ...MINIMAL, locationMaxAgeSeconds: 1 }, /'locationMaxAgeSeconds' = 1/],
    ['capacity', { ...MINIMAL, courierCapacity: 0 }, /'courierCapacity' = 0/],
    ['body size', { ...MINIMAL, maxBodyBytes: 10 }, /'maxBodyBytes' = 10/],
    ['traffic limit', { ...MINIMAL, requestsPerMinute: 0 }, /'requestsPerMinute' = 0/],
    ['memory', { ...MINIMAL, apiFunction: { memorySize: 100 } }, /'apiFunction.memorySize' = 100/],
    ['cpu ratio', { ...MINIMAL, notifier: { cpu: 4 } }, /'notifier.cpu' = 4.*1:1 and 1:4/],
    ['instance name', { ...MINIMAL, tableStoreProps: { instanceName: '1bad' } }, /'tableStoreProps.instanceName' = "1bad"/],
    ['instance name with a reserved word', { ...MINIMAL, tableStoreProps: { instanceName: 'taobao-state' } }, /'tableStoreProps.instanceName' = "taobao-state".*reserved word "taobao"/],
    ['existingTables alone', { ...MINIMAL, existingTables: true }, /'existingTables' = true is invalid: needs existingTableStore/],
    ['both table stores', { ...MINIMAL, existingTableStore: { instanceName: 'a', endpoint: 'b' }, tableStoreProps: {} }, /'existingTableStore'.*tableStoreProps/],
    ['protocol', { ...MINIMAL, protocol: 'HTTP' as never }, /'protocol' = "HTTP"/],
  ];
  test.each(cases)('%s', (_name, props, message) => {
    expect(() => stackWith(['Dispatch', props])).toThrow(message);
  });
});
