import * as ros from '@alicloud/ros-cdk-core';
import * as fc3 from '@alicloud/ros-cdk-fc3';
import * as ram from '@alicloud/ros-cdk-ram';
import { PatternFunction } from './function';
import { childId } from './naming';
import { PolicyBuilder, sub, trustPolicy } from './policy';

/** OSS allows at most 10 native triggers per bucket. */
export const MAX_OSS_TRIGGERS_PER_BUCKET = 10;

/**
 * Events that mean "a whole object now exists". Multipart part uploads and appends are left out:
 * they fire before the object is complete.
 */
export const OBJECT_CREATED_EVENTS = [
  'oss:ObjectCreated:PutObject',
  'oss:ObjectCreated:PostObject',
  'oss:ObjectCreated:CopyObject',
  'oss:ObjectCreated:CompleteMultipartUpload',
];

export interface OssTriggersProps {
  readonly fn: PatternFunction;
  readonly bucketName: string;
  readonly prefix: string;
  /** One native trigger per suffix (OSS filters take one prefix and one suffix each). */
  readonly suffixes: string[];
  readonly roleName: string;
}

/** Native OSS triggers on one function, invoked through a role that may only invoke that function. */
export class OssTriggers extends ros.Construct {
  readonly invocationRole: ram.RosRole;
  readonly triggers: fc3.RosTrigger[];

  constructor(scope: ros.Construct, id: string, props: OssTriggersProps) {
    super(scope, id);
    const policy = new PolicyBuilder().fcInvoke(props.fn.functionName);
    this.invocationRole = new ram.RosRole(
      this,
      childId(id, 'Role'),
      {
        roleName: props.roleName,
        description: 'Lets OSS invoke the function on uploads',
        assumeRolePolicyDocument: trustPolicy('oss'),
        policies: policy.render(props.roleName),
      },
      true,
    );
    const sourceArn = sub('acs:oss:${ALIYUN::Region}:${ALIYUN::AccountId}:${Bucket}', { Bucket: props.bucketName });
    this.triggers = props.suffixes.map(
      (suffix, i) =>
        new fc3.RosTrigger(
          this,
          childId(id, `${i + 1}`),
          {
            functionName: props.fn.functionName,
            triggerName: `oss-${i + 1}-${suffix.replace(/[^A-Za-z0-9_-]/g, '') || 'any'}`,
            triggerType: 'oss',
            description: `Objects created under ${props.prefix}*${suffix}`,
            sourceArn,
            invocationRole: this.invocationRole.attrArn,
            triggerConfig: { events: OBJECT_CREATED_EVENTS, filter: { key: { prefix: props.prefix, suffix } } },
          },
          true,
        ),
    );
  }
}
