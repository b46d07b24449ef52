import * as ros from '@alicloud/ros-cdk-core';
import * as ram from '@alicloud/ros-cdk-ram';

/** A name, possibly a token known only at deploy time (`ros.Token.asString(bucket.attrName)`). */
export type Name = string;

interface Statement {
  actions: string[];
  resources: string[];
}

/** Table Store operations a function may be granted on one table. */
export const OTS_READ = ['ots:GetRow', 'ots:BatchGetRow', 'ots:GetRange'] as const;
export const OTS_WRITE = ['ots:PutRow', 'ots:UpdateRow', 'ots:DeleteRow', 'ots:BatchWriteRow'] as const;

/**
 * Least-privilege inline policies, rendered deterministically: one statement per grant, in the
 * order grants were made, identical grants merged. ROS CDK's own grant helpers name policies with
 * random suffixes, so patterns never use them.
 */
export class PolicyBuilder {
  private readonly statements: Statement[] = [];

  /**
   * Read objects under a prefix ("" = whole bucket). oss:GetObject also authorizes HeadObject and
   * GetObjectMeta; there is no oss:HeadObject action (OSS RAM actions:
   * https://www.alibabacloud.com/help/en/oss/user-guide/authorization-syntax-and-elements; the full table in
   * lint/ram-actions/oss.ts).
   */
  ossRead(bucket: Name, prefix = ''): this {
    return this.allow(['oss:GetObject'], [ossObjects(bucket, prefix)]);
  }

  /** Write objects under a prefix ("" = whole bucket). */
  ossWrite(bucket: Name, prefix = ''): this {
    return this.allow(['oss:PutObject', 'oss:AbortMultipartUpload'], [ossObjects(bucket, prefix)]);
  }

  /**
   * Delete objects under a prefix: oss:DeleteObject authorizes DeleteObject and DeleteMultipleObjects
   * (https://www.alibabacloud.com/help/en/oss/developer-reference/delete-objects-16; lint/ram-actions/oss.ts).
   */
  ossDelete(bucket: Name, prefix = ''): this {
    return this.allow(['oss:DeleteObject'], [ossObjects(bucket, prefix)]);
  }

  /** List keys under a prefix (the grant is on the bucket; OSS checks the prefix condition). */
  ossList(bucket: Name): this {
    return this.allow(['oss:ListObjects'], [sub('acs:oss:*:${ALIYUN::TenantId}:${Bucket}', { Bucket: bucket })]);
  }

  /** Table Store `actions` (e.g. OTS_READ, OTS_WRITE) on one table of an instance. */
  ots(instance: Name, table: Name, actions: readonly string[]): this {
    return this.allow([...actions], [otsTableArn(instance, table)]);
  }

  /** Invoke one function of this region and account (`fc:InvokeFunction`). */
  fcInvoke(functionName: Name): this {
    return this.allow(['fc:InvokeFunction'], [fcFunctionArn(functionName)]);
  }

  /**
   * Prefetch to CDN. Every official example of cdn:PushObjectCache grants it on `acs:cdn:*:*:*`;
   * authorization scoped to a domain is not documented for it (RAM's CDN example:
   * https://www.alibabacloud.com/help/ja/ram/use-cases/use-ram-to-manage-cdn-permissions), so the documented form is used.
   */
  cdnPrefetch(): this {
    return this.allow(['cdn:PushObjectCache'], ['acs:cdn:*:*:*']);
  }

  /**
   * Push and MassPush (the outbox sends several entries in one MassPush). The RAM reference lists them for all resources
   * (`*`, https://help.aliyun.com/document_detail/2539848.html): the action is the scope.
   */
  mobilePush(): this {
    return this.allow(['mpush:Push', 'mpush:MassPush'], ['*']);
  }

  /**
   * Read one encrypted OOS parameter, decrypted: `oos:GetSecretParameter` on the parameter
   * (https://www.alibabacloud.com/help/en/oos/developer-reference/api-oos-2019-06-01-getsecretparameter) and `kms:GetSecretValue`,
   * which OOS's RAM example grants beside it ("You must specify Key Management Service (KMS) permissions for encryption
   * parameters", https://www.alibabacloud.com/help/doc-detail/200116.htm) on `*`: the KMS secret OOS keeps the value in is not named.
   */
  oosSecretParameterRead(name: Name): this {
    return this.allow(
      ['oos:GetSecretParameter'],
      [sub('acs:oos:${ALIYUN::Region}:${ALIYUN::TenantId}:secretparameter/${Name}', { Name: name })],
    ).allow(['kms:GetSecretValue'], ['*']);
  }

  /**
   * Publish to one MNS topic (`mns:PublishMessage`, the action FC's result callback needs for a topic destination:
   * https://www.alibabacloud.com/help/en/fc/user-guide/result-callback). The resource is the topic and its messages: MNS
   * documents `acs:mns:$region:$accountid:/queues/$queueName/messages` for queues; the topic form is the same by analogy
   * (unverified), so both the topic and `…/messages` are granted.
   */
  mnsPublish(topicName: Name): this {
    const topic = sub('acs:mns:${ALIYUN::Region}:${ALIYUN::TenantId}:/topics/${Topic}', { Topic: topicName });
    return this.allow(['mns:PublishMessage'], [topic, mnsTopicDestination(topicName)]);
  }

  /** Write logs to one logstore of a Log Service project (`log:PostLogStoreLogs`). */
  logWrite(project: Name, logstore: Name): this {
    return this.allow(
      ['log:PostLogStoreLogs'],
      [sub('acs:log:${ALIYUN::Region}:${ALIYUN::TenantId}:project/${Project}/logstore/${Logstore}', { Project: project, Logstore: logstore })],
    );
  }

  /** Any grant: `actions` on `resources`, one statement (sorted actions); an identical statement is not added twice. */
  allow(actions: string[], resources: string[]): this {
    const statement = { actions: [...actions].sort(), resources };
    const key = JSON.stringify(statement);
    if (!this.statements.some((s) => JSON.stringify(s) === key)) this.statements.push(statement);
    return this;
  }

  /** True until a grant is made: an empty builder renders no policy. */
  get isEmpty(): boolean {
    return this.statements.length === 0;
  }

  /** The inline policy of a role; RAM policy names are account-wide, so it is named after the role. */
  render(roleName: Name): ram.RosRole.PoliciesProperty[] {
    if (this.isEmpty) return [];
    return [
      {
        policyName: sub('${Role}-policy', { Role: roleName }),
        policyDocument: {
          version: '1',
          statement: this.statements.map((s) => ({ effect: 'Allow', action: s.actions, resource: s.resources })),
        },
      },
    ];
  }
}

/** A Table Store table's ARN (RAM resources, a Tablestore trigger's SourceArn); it carries the instance name in lowercase. */
/*
 * ARNs name the Alibaba Cloud account with ALIYUN::TenantId: ALIYUN::AccountId is the executor's id, which for a RAM
 * user is not the account the resources belong to (https://www.alibabacloud.com/help/en/ros/user-guide/pseudo-parameters;
 * aliyun/ros-templates builds its acs: ARNs with TenantId).
 */
export function otsTableArn(instance: Name, table: Name): string {
  return sub('acs:ots:${ALIYUN::Region}:${ALIYUN::TenantId}:instance/${Instance}/table/${Table}', {
    Instance: lowercase(instance),
    Table: table,
  });
}

export function fcFunctionArn(functionName: Name): string {
  return sub('acs:fc:${ALIYUN::Region}:${ALIYUN::TenantId}:functions/${Function}', { Function: functionName });
}

/** An MNS topic as an FC 3.0 asynchronous destination: `acs:mns:<region>:<account>:/topics/<name>/messages` (result-callback page). */
export function mnsTopicDestination(topicName: Name): string {
  return sub('acs:mns:${ALIYUN::Region}:${ALIYUN::TenantId}:/topics/${Topic}/messages', { Topic: topicName });
}

function ossObjects(bucket: Name, prefix: string): string {
  return sub('acs:oss:*:${ALIYUN::TenantId}:${Bucket}/' + `${prefix}*`, { Bucket: bucket });
}

const subCache = new Map<string, string>();

/**
 * Fn::Sub that keeps literal names literal, so templates stay readable where nothing is a token.
 * The same inputs give the same token, so identical grants are recognised and merged.
 */
export function sub(body: string, vars: Record<string, Name>): string {
  const key = JSON.stringify([body, vars]);
  let value = subCache.get(key);
  if (value === undefined) {
    value = render(body, vars);
    subCache.set(key, value);
  }
  return value;
}

function render(body: string, vars: Record<string, Name>): string {
  const literal = Object.values(vars).every((v) => !ros.Token.isUnresolved(v));
  if (literal) {
    const text = body.replace(/\$\{([A-Za-z]+)\}/g, (_, k: string) => String(vars[k]));
    return text.includes('${') ? ros.Fn.sub(text) : text;
  }
  return ros.Fn.sub(body, vars);
}

/** Instance names are validated literals; a token (rare) is passed through as the user wrote it. */
function lowercase(name: Name): Name {
  return ros.Token.isUnresolved(name) ? name : name.toLowerCase();
}

/** Trust policy for a role assumed by an Alibaba Cloud service (fc, oss, apigateway, ...). */
export function trustPolicy(service: string): ram.RosRole.AssumeRolePolicyDocumentProperty {
  return {
    version: '1',
    statement: [{ action: 'sts:AssumeRole', effect: 'Allow', principal: { service: [`${service}.aliyuncs.com`] } }],
  };
}
