import * as ros from '@alicloud/ros-cdk-core';
import * as fc3 from '@alicloud/ros-cdk-fc3';
import * as ram from '@alicloud/ros-cdk-ram';
import { PatternFunction } from './function';
import { childId } from './naming';
import { sub } from './policy';
import { serviceInvokeRole } from './service-invoke-role';

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

export interface OssTriggerProps {
  /** The function OSS invokes. */
  readonly fn: PatternFunction;
  /** Name of the bucket whose object creations trigger it. */
  readonly bucketName: string;
  /** Only objects whose key starts with this trigger it; `''` for the whole bucket. */
  readonly prefix: string;
  /** Name of the RAM role OSS assumes to invoke `fn`. */
  readonly roleName: string;
}

/** The last OSS trigger created on each bucket of a stack, by the bucket's resolved name. */
const lastTriggerOnBucket = new WeakMap<ros.Stack, Map<string, fc3.RosTrigger>>();

/**
 * One native OSS trigger for every object created under a prefix, invoked through a role that may
 * only invoke the function. OSS filters are case-sensitive and take one suffix each, so suffixes
 * (`.mp4`, `.MOV`, ...) are the function's to filter: one trigger of the bucket's 10 serves them all.
 * Triggers on one bucket are created one after another: each one rewrites the bucket's event
 * notification configuration, and parallel writes race.
 */
export class OssTrigger extends ros.Construct {
  /** The role OSS assumes; it may invoke only the function. */
  readonly invocationRole: ram.RosRole;
  /** The FC 3.0 OSS trigger (`oss-uploads`) on OBJECT_CREATED_EVENTS under the prefix. */
  readonly trigger: fc3.RosTrigger;

  constructor(scope: ros.Construct, id: string, props: OssTriggerProps) {
    super(scope, id);
    this.invocationRole = serviceInvokeRole(this, childId(id, 'Role'), {
      service: 'oss',
      functionName: props.fn.functionName,
      roleName: props.roleName,
      description: 'Lets OSS invoke the function on uploads',
    });
    this.trigger = new fc3.RosTrigger(
      this,
      childId(id, 'Trigger'),
      {
        functionName: props.fn.functionName,
        triggerName: 'oss-uploads',
        triggerType: 'oss',
        description: `Objects created under ${props.prefix || '(the whole bucket)'}`,
        sourceArn: sub('acs:oss:${ALIYUN::Region}:${ALIYUN::TenantId}:${Bucket}', { Bucket: props.bucketName }),
        invocationRole: this.invocationRole.attrArn,
        triggerConfig: { events: OBJECT_CREATED_EVENTS, filter: { key: { prefix: props.prefix } } },
      },
      true,
    );
    const stack = ros.Stack.of(this);
    const onStack = lastTriggerOnBucket.get(stack) ?? new Map<string, fc3.RosTrigger>();
    lastTriggerOnBucket.set(stack, onStack);
    const bucket = JSON.stringify(stack.resolve(props.bucketName));
    const previous = onStack.get(bucket);
    if (previous) this.trigger.addRosDependency(previous.logicalId);
    onStack.set(bucket, this.trigger);
  }
}
