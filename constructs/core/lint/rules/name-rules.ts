/** Resource names the services refuse, and names that collide when a second account deploys the same template. */
import { otsInstanceNameProblem } from '../../facts/ots-names';
import { LintContext } from '../context';
import { intrinsicName } from '../expressions';
import { Hit } from '../types';
import { Rule } from './rule';

/** Tablestore instance types of @alicloud/ros-cdk-ots 1.11 (the spec knows only ALIYUN::OTS::Instance). */
const OTS_INSTANCE_TYPES = ['ALIYUN::OTS::Instance', 'ALIYUN::OTS::InstanceV2', 'ALIYUN::OTS::VCUInstance'];

const badOtsInstanceName: Rule = {
  id: 'FSC-NAME1',
  severity: 'error',
  description: 'Tablestore instance has a literal InstanceName that Tablestore refuses (3-16 letters, digits, hyphens; reserved words).',
  check: (ctx) =>
    OTS_INSTANCE_TYPES.flatMap((type) => ctx.ofType(type)).flatMap(([id, instance]): Hit[] => {
      const name = instance.Properties?.InstanceName;
      const problem = typeof name === 'string' ? otsInstanceNameProblem(name) : undefined;
      if (!problem) return [];
      return [{ resource: id, path: 'Properties.InstanceName', message: `instance name "${name}" ${problem}: CreateInstance fails; rename it.` }];
    }),
};

/** Where a name must be unique beyond one account, and the property holding it. */
const ADD_ACCOUNT = 'add ${ALIYUN::TenantId} (the Alibaba Cloud account id) to the name';
/** 16 characters leave no room for the 16-digit account id; the stack id's first group is 8 hex characters. */
const ADD_STACK_PART = "derive part of the name from the stack id (Fn::Select [0, Fn::Split ['-', ALIYUN::StackId]]) or take it as a parameter";

const SHARED_NAMESPACES: ReadonlyArray<{ type: string; property: string; scope: string; remedy: string }> = [
  // "The name must be globally unique in OSS." https://www.alibabacloud.com/help/en/oss/user-guide/bucket-naming-conventions
  { type: 'ALIYUN::OSS::Bucket', property: 'BucketName', scope: 'OSS bucket names are global across all accounts', remedy: ADD_ACCOUNT },
  // Unique within a region
  // (https://www.alibabacloud.com/help/en/tablestore/developer-reference/api-tablestore-2020-12-09-createinstance),
  // and the name is the endpoint's host, https://instanceName.RegionID.ots.aliyuncs.com, so across accounts too
  // (https://www.alibabacloud.com/help/doc-detail/52671.htm).
  ...OTS_INSTANCE_TYPES.map((type) => ({
    type,
    property: 'InstanceName',
    scope: 'Tablestore instance names are unique per region across accounts (the name is the endpoint host)',
    remedy: ADD_STACK_PART,
  })),
  // "A project name must be globally unique in an Alibaba Cloud region." https://www.alibabacloud.com/help/en/sls/api-createproject
  { type: 'ALIYUN::SLS::Project', property: 'Name', scope: 'Log Service project names are unique per region across accounts', remedy: ADD_ACCOUNT },
];

/** Pseudo parameters that repeat in every account; AccountId, TenantId and StackId (and anything else) differ. */
const SHARED_SYMBOLS = new Set(['{ALIYUN::Region}', '{ALIYUN::StackName}']);

/**
 * Whether a name is the same for every account deploying the template: a literal, or a Sub/Join of literals, Region and
 * StackName. Parameters, other resources' attributes and other functions may differ per deployment, so they do not count.
 */
function sameForEveryAccount(ctx: LintContext, value: unknown): boolean {
  const fn = intrinsicName(value);
  if (typeof value !== 'string' && fn !== 'Fn::Sub' && fn !== 'Fn::Join') return false;
  const symbols = ctx.canon(value).match(/\{[^}]*\}/g) ?? [];
  return symbols.every((s) => SHARED_SYMBOLS.has(s));
}

const collidingName: Rule = {
  id: 'FSC-NAME2',
  severity: 'warning',
  description: 'Bucket, Tablestore instance or Log Service project name is the same for every account deploying the template.',
  check: (ctx) =>
    SHARED_NAMESPACES.flatMap(({ type, property, scope, remedy }) =>
      ctx.ofType(type)
        .filter(([, resource]) => sameForEveryAccount(ctx, resource.Properties?.[property]))
        .map(([id, resource]): Hit => ({
          resource: id,
          path: `Properties.${property}`,
          message: `name "${ctx.canon(resource.Properties?.[property])}" is the same in every account: ${scope}, so a second account `
            + `deploying this template collides with the first: ${remedy}.`,
        }))),
};

export const NAME_RULES: readonly Rule[] = [badOtsInstanceName, collidingName];
