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

const MINIMAL: IotIngestProps = {};
const FULL: IotIngestProps = {
  anonymous: true,
  requestsPerMinute: 1200,
  protocol: 'HTTP,HTTPS',
  maxBodyBytes: 4096,
  streamExpirationHours: 72,
  tableStoreProps: { instanceName: 'iot-posts' },
  logSinkProps: { projectName: 'my-iot-logs', retentionDays: 14 },
  contentApi: { memorySize: 1024, cpu: 1, timeout: 5, instanceConcurrency: 50 },
  indexer: { memorySize: 1024, cpu: 1, timeout: 30 },
};

type Resources = Record<string, { Type: string; Properties: Record<string, any>; DependsOn?: string[] }>;
const resources = (template: Template) => (template.toJSON() as { Resources: Resources }).Resources;

describe('IotIngest with minimal props', () => {
  const template = Template.fromStack(stackWith(['Iot', MINIMAL]));
  const all = resources(template);

  test('creates the posts, search documents and dead-letter tables in the stack\'s shared instance', () => {
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
      ServiceToken: { 'Fn::Sub': ['acs:fc:${ALIYUN::Region}:${ALIYUN::AccountId}:functions/${Function}', { Function: expect.anything() }] },
      Parameters: {
        InstanceName: { 'Fn::GetAtt': ['FscSharedTableStoreInstance', 'InstanceName'] },
        Endpoint: { 'Fn::GetAtt': ['FscSharedTableStoreInstance', 'PublicEndpoint'] },
        TableName: { 'Fn::GetAtt': ['IotPostsTable', 'TableName'] },
        ExpirationHours: 24,
      },
      Timeout: 240,
    });
    const [, trigger] = Object.entries(all).find(([, r]) => r.Type === 'ALIYUN::FC3::Trigger')!;
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
    template.resourceCountIs('ALIYUN::ApiGateway::Api', 5);
    for (const [method, path] of [['POST', '/posts'], ['GET', '/posts'], ['GET', '/posts/[id]'], ['PUT', '/posts/[id]'], ['DELETE', '/posts/[id]']]) {
      template.hasResourceProperties('ALIYUN::ApiGateway::Api', { AuthType: 'APP', RequestConfig: { RequestHttpMethod: method, RequestPath: path } });
    }
    template.resourceCountIs('ALIYUN::ApiGateway::App', 1);
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

  test('has no timer: every function runs on an event (API Gateway, the table stream, ROS)', () => {
    expect(Object.values(all).filter((r) => r.Type === 'ALIYUN::FC3::Trigger').map((r) => r.Properties.TriggerType)).toEqual(['tablestore']);
    expect(JSON.stringify(all)).not.toMatch(/"TriggerType":"timer"|cronExpression/);
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
    template.hasResourceProperties('ALIYUN::OTS::Instance', { InstanceName: 'iot-posts' });
    template.hasResourceProperties('ALIYUN::FC3::Function', { MemorySize: 1024, Cpu: 1, Timeout: 30 });
    template.hasResourceProperties('ALIYUN::ROS::CustomResource', { Parameters: { ExpirationHours: 72 } });
    const env = (template.findResources('ALIYUN::FC3::Function').IotContentApiFunction.Properties as any).EnvironmentVariables;
    expect(JSON.parse(env.IOT_SETTINGS)).toEqual({
      tables: { posts: 'Iot_posts', searchDocs: 'Iot_post_search', deadLetters: 'Iot_index_dead_letters' },
      searchIndex: 'Iot_post_search_index',
      maxBodyBytes: 4096,
    });
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
    expect(new Set(names).size).toBe(6);
    expect(lintTemplate(template.toJSON())).toEqual([]);
  });

  test('two synths are byte-identical', () => {
    const once = () => JSON.stringify(Template.fromStack(stackWith(['Iot', FULL], ['Other', MINIMAL])).toJSON());
    expect(once()).toBe(once());
  });
});

describe('bad props fail at construction, naming the prop', () => {
  const cases: Array<[string, IotIngestProps, RegExp]> = [
    ['stream too long', { streamExpirationHours: 169 }, /'streamExpirationHours' = 169.*1 to 168/],
    ['stream zero', { streamExpirationHours: 0 }, /'streamExpirationHours' = 0/],
    ['indexer too slow for its trigger', { indexer: { timeout: 120 } }, /'indexer.timeout' = 120.*at most 60/],
    ['body size', { maxBodyBytes: 10 }, /'maxBodyBytes' = 10/],
    ['traffic limit', { requestsPerMinute: 0 }, /'requestsPerMinute' = 0/],
    ['protocol', { protocol: 'HTTP' as never }, /'protocol' = "HTTP"/],
    ['memory', { contentApi: { memorySize: 100 } }, /'contentApi.memorySize' = 100/],
    ['instance name', { tableStoreProps: { instanceName: '1bad' } }, /'tableStoreProps.instanceName' = "1bad"/],
  ];
  test.each(cases)('%s', (_name, props, message) => {
    expect(() => stackWith(['Iot', props])).toThrow(message);
  });
});
