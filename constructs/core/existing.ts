/**
 * What a user brings to a pattern (`existing…` props), as they hold it: a name, a name from a ROS CDK attribute
 * (`bucket.attrName`, a token: no `Token.asString` needed), or the ROS CDK object itself (an `oss.Bucket`, an
 * `ots.Instance`, an `sls.Logstore`, or their `Ros…` L1s). Each is turned into the plain reference the patterns use;
 * the attributes become `Fn::GetAtt`s, so the pattern's resources wait for the user's when both are in the stack.
 * Attribute names are those of ros-cdk-oss 1.12.0 (IBucket.attrName), ros-cdk-ots 1.11.0 (IInstance.attrInstanceName,
 * attrPublicEndpoint) and ros-cdk-sls 1.11.0 (ILogstore.attrProjectName, attrLogstoreName; IProject.attrName).
 */
import * as ros from '@alicloud/ros-cdk-core';
import type * as fc3 from '@alicloud/ros-cdk-fc3';
import type * as oss from '@alicloud/ros-cdk-oss';
import type * as ots from '@alicloud/ros-cdk-ots';
import type * as sls from '@alicloud/ros-cdk-sls';
import type { ILogSink } from './log-sink';
import type { BucketRef } from './secure-bucket';
import type { TableRef, TableStoreRef } from './table-store';

/** A name, literal or from a ROS CDK attribute. */
export type NameValue = string | ros.IResolvable;

/** An OSS bucket by name. */
export interface BucketName {
  /** Name of the OSS bucket, in the stack's region (a literal or a ROS CDK attribute). */
  readonly bucketName: NameValue;
}

/** An OSS bucket you have: its name, or the ROS CDK bucket (`oss.Bucket`, `oss.RosBucket`). */
export type ExistingBucket = BucketName | Pick<oss.IBucket, 'attrName'>;

/** A Table Store instance by name and endpoint. */
export interface TableStoreName {
  /** Name of the Table Store instance. */
  readonly instanceName: NameValue;
  /** Its endpoint, e.g. https://my-instance.cn-hangzhou.ots.aliyuncs.com */
  readonly endpoint: NameValue;
}

/** A Table Store instance you have: its name and endpoint, or the ROS CDK instance (`ots.Instance`, `ots.RosInstance`). */
export type ExistingTableStore = TableStoreName | Pick<ots.IInstance, 'attrInstanceName' | 'attrPublicEndpoint'>;

/** A Table Store table by name, with its instance's name and endpoint. */
export interface TableName extends TableStoreName {
  /** Name of the table in the instance. */
  readonly tableName: NameValue;
}

/** A Table Store table by name, in an instance you hold as a ROS CDK object (or by name). */
export interface TableInInstance {
  /** Name of the table in `instance`. */
  readonly tableName: NameValue;
  /** The instance that holds it. */
  readonly instance: ExistingTableStore;
}

/** A Table Store table you have. */
export type ExistingTable = TableName | TableInInstance;

/** A Log Service logstore by project and logstore name (a pattern's `logSinkRef` is one). */
export interface LogSinkName {
  /** Name of the Log Service project. */
  readonly projectName: NameValue;
  /** Name of the logstore in the project. */
  readonly logstoreName: NameValue;
  /**
   * The logstore's index, for the functions to wait for.
   * @default - nothing to wait for
   */
  readonly index?: sls.RosIndex;
}

/** A logstore in a Log Service project you hold as a ROS CDK object. */
export interface LogstoreInProject {
  /** The project (`sls.Project`, `sls.RosProject`). */
  readonly project: Pick<sls.IProject, 'attrName'>;
  /** Name of the logstore in it. */
  readonly logstoreName: NameValue;
}

/** A Log Service logstore you have: names, the ROS CDK logstore (`sls.Logstore`: it knows its project), or a project and a logstore name. */
export type ExistingLogSink = LogSinkName | Pick<sls.ILogstore, 'attrProjectName' | 'attrLogstoreName'> | LogstoreInProject;

/** An FC 3.0 function by name. */
export interface FunctionName {
  /** Name of the function, in the stack's region and account. */
  readonly functionName: NameValue;
}

/** An FC 3.0 function you have: its name, or the ROS CDK function (`fc3.Function`, `fc3.RosFunction`). */
export type ExistingFunction = FunctionName | Pick<fc3.IFunction, 'attrFunctionName'>;

/** An MNS topic by name (ros-cdk-mns is not on npm: give `topic.getAtt('TopicName')` of a `ros.RosResource`, or the name). */
export interface TopicName {
  /** Name of the topic, in the stack's region and account. */
  readonly topicName: NameValue;
}

/** The string a name stands for in the template: itself, or its token. */
export function nameString(value: NameValue): string {
  return typeof value === 'string' ? value : ros.Token.asString(value);
}

export function bucketRefOf(existing: ExistingBucket): BucketRef {
  if ('attrName' in existing) return { bucketName: nameString(existing.attrName) };
  // A missing name stays missing: bucketFor reports it with the prop's name.
  const name = existing.bucketName as NameValue | undefined;
  return { bucketName: name === undefined ? (name as unknown as string) : nameString(name) };
}

export function tableStoreRefOf(existing: ExistingTableStore): TableStoreRef {
  if ('attrInstanceName' in existing)
    return { instanceName: nameString(existing.attrInstanceName), endpoint: nameString(existing.attrPublicEndpoint) };
  return { instanceName: nameString(existing.instanceName), endpoint: nameString(existing.endpoint) };
}

export function tableRefOf(existing: ExistingTable): TableRef {
  const instance = 'instance' in existing ? existing.instance : existing;
  return { ...tableStoreRefOf(instance), tableName: nameString(existing.tableName) };
}

export function logSinkRefOf(existing: ExistingLogSink): ILogSink {
  if ('attrLogstoreName' in existing)
    return { projectName: nameString(existing.attrProjectName), logstoreName: nameString(existing.attrLogstoreName) };
  if ('project' in existing) return { projectName: nameString(existing.project.attrName), logstoreName: nameString(existing.logstoreName) };
  const { projectName, logstoreName, index } = existing;
  return { projectName: nameString(projectName), logstoreName: nameString(logstoreName), ...(index ? { index } : {}) };
}
