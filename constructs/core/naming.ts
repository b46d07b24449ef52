import { createHash } from 'node:crypto';
import * as ros from '@alicloud/ros-cdk-core';
import { otsInstanceNameProblem } from './facts/ots-names';
import { Validator } from './validation';

/**
 * Logical ids. ROS CDK uses a construct's bare id as its logical id, so every child of a pattern
 * gets the pattern's id as prefix: two patterns in one stack never collide.
 */
export function childId(patternId: string, part: string): string {
  return `${patternId}${part}`.replace(/[^A-Za-z0-9]/g, '');
}

/** The naming rules of the Alibaba Cloud resources we create, as the services enforce them. */
export const NAME_RULES = {
  bucket: {
    max: 63,
    pattern: /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/,
    rule: 'OSS bucket names are 3-63 characters of lowercase letters, digits and hyphens, starting and ending with a letter or digit',
  },
  /** Checked by otsInstanceNameProblem (facts/ots-names.ts), which adds the reserved words. */
  otsInstance: {
    max: 16,
    pattern: /^[a-zA-Z][-a-zA-Z0-9]{1,14}[a-zA-Z0-9]$/,
    rule: 'Table Store instance names are 3-16 characters of letters, digits and hyphens, starting with a letter and ending with a letter or digit',
  },
  otsTable: {
    max: 255,
    pattern: /^[_a-zA-Z][_a-zA-Z0-9]{0,254}$/,
    rule: 'Table Store table names are 1-255 characters of letters, digits and underscores, not starting with a digit',
  },
  slsProject: {
    max: 63,
    pattern: /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/,
    rule: 'Log Service project names are 3-63 characters of lowercase letters, digits and hyphens, starting and ending with a letter or digit',
  },
  slsLogstore: {
    max: 63,
    pattern: /^[a-z0-9][a-z0-9_-]{1,61}[a-z0-9]$/,
    rule:
      'Log Service logstore names are 3-63 characters of lowercase letters, digits, hyphens and underscores, ' +
      'starting and ending with a letter or digit',
  },
  fcFunction: {
    max: 64,
    pattern: /^[a-zA-Z_][a-zA-Z0-9_-]{0,63}$/,
    rule: 'Function Compute function names are 1-64 characters of letters, digits, underscores and hyphens, not starting with a digit or hyphen',
  },
  apiGroup: {
    max: 50,
    pattern: /^[a-zA-Z][a-zA-Z0-9_]{3,49}$/,
    rule: 'API Gateway group names are 4-50 characters of letters, digits and underscores, starting with a letter',
  },
  apiApp: {
    max: 26,
    pattern: /^[a-zA-Z][a-zA-Z0-9_]{3,25}$/,
    rule: 'API Gateway app names are 4-26 characters of letters, digits and underscores, starting with a letter',
  },
  trafficControl: {
    max: 50,
    pattern: /^[a-zA-Z][a-zA-Z0-9_]{3,49}$/,
    rule: 'API Gateway traffic control names are 4-50 characters of letters, digits and underscores, starting with a letter',
  },
  ramRole: {
    max: 64,
    pattern: /^[a-zA-Z0-9.-]{1,64}$/,
    rule: 'RAM role names are 1-64 characters of letters, digits, periods and hyphens',
  },
  // ALIYUN::MNS::Topic TopicName (https://www.alibabacloud.com/help/en/ros/developer-reference/aliyun-mns-topic): unique per account and region.
  mnsTopic: {
    max: 256,
    pattern: /^[a-zA-Z][a-zA-Z0-9-]{0,255}$/,
    rule: 'MNS topic names are 1-256 characters of letters, digits and hyphens, starting with a letter',
  },
  // IoT Platform CreateProduct ProductName (https://help.aliyun.com/document_detail/69123.html) and ALIYUN::IOT::Product: letters,
  // digits and underscores (the console also takes - @ ( ), the API does not say so).
  iotProduct: {
    max: 30,
    pattern: /^[a-zA-Z0-9_]{4,30}$/,
    rule: 'IoT Platform product names are 4-30 characters of letters, digits and underscores',
  },
  // IoT Platform CreateRule Name (https://help.aliyun.com/document_detail/69495.html).
  iotRule: {
    max: 30,
    pattern: /^[a-zA-Z0-9_-]{1,30}$/,
    rule: 'IoT Platform rule names are 1-30 characters of letters, digits, underscores and hyphens',
  },
  // ALIYUN::OOS::SecretParameter SecretParameterName (https://www.alibabacloud.com/help/en/ros/developer-reference/aliyun-oos-secretparameter):
  // unique per account and region; no name may start with ALIYUN, ACS, ALIBABA, ALICLOUD or OOS, so generated ones start with `fsc-`.
  oosParameter: {
    max: 180,
    pattern: /^(?!(aliyun|acs|alibaba|alicloud|oos))[A-Za-z0-9_/-]{1,180}$/i,
    rule: 'OOS parameter names are up to 180 letters, digits, hyphens, underscores and slashes, not starting with ALIYUN ACS ALIBABA ALICLOUD OOS',
  },
} as const;

export type NameKind = keyof typeof NAME_RULES;

/** Longest values of the pseudo parameters we append, so a generated name never outgrows its limit. */
const REGION_MAX = 20;
const ACCOUNT_ID_MAX = 16;

/**
 * Where a generated name must be unique beyond the stack: OSS bucket names are global, Log Service
 * project names are unique in a region across accounts, RAM roles are unique in an account across regions.
 * Those names carry the account id (ALIYUN::TenantId, the same whoever deploys; ALIYUN::AccountId is the executor's,
 * which differs between RAM users and would rename the resource) and/or region, resolved by ROS at deploy time.
 */
const SCOPE_SUFFIX: Partial<Record<NameKind, { text: string; length: number }>> = {
  bucket: { text: '-${ALIYUN::Region}-${ALIYUN::TenantId}', length: 2 + REGION_MAX + ACCOUNT_ID_MAX },
  slsProject: { text: '-${ALIYUN::TenantId}', length: 1 + ACCOUNT_ID_MAX },
  ramRole: { text: '-${ALIYUN::Region}', length: 1 + REGION_MAX },
};

/** First hex characters of sha256(stack name / construct path / purpose): the same inputs, the same name. */
function pathHash(scope: ros.Construct, purpose: string, length: number): string {
  const stack = ros.Stack.of(scope);
  return createHash('sha256').update(`${stack.stackName}/${scope.node.path}/${purpose}`).digest('hex').slice(0, length);
}

/**
 * A Tablestore instance name, unique per region across accounts as CreateInstance requires, from
 * a template that never changes: `fsc`, for a pattern's own instance 5 hex characters of its path
 * hash, then the first 8 hex characters of the stack id, which ROS resolves at deploy time (a
 * lowercase UUID: CreateStack's response sample, https://www.alibabacloud.com/help/doc-detail/132086.htm).
 * 11 or 16 characters from "fsc" and hex digits; no reserved word can appear: each of ali, ay, ots,
 * taobao, admin has a letter (l, i, y, o, t, m, n) that such a name never contains.
 */
export function generatedOtsInstanceName(scope: ros.Construct, purpose?: string): string {
  const prefix = purpose === undefined ? 'fsc' : `fsc${pathHash(scope, purpose, 5)}`;
  return ros.Fn.join('', [prefix, ros.Fn.select(0, ros.Fn.split('-', ros.RosPseudo.stackId))]);
}

/**
 * A deterministic physical name for `purpose` inside `scope`, shortened one way for every kind:
 * `<stack>-<construct id>-<purpose>-<hash>`, where the hash (of the full construct path) keeps two patterns or two stacks
 * apart, so words can go: the stack name is kept whole or left out, and the construct id and purpose are cut at a word
 * boundary. Names keep their case unless the service's rule allows lowercase only (OSS buckets, Log Service), and use
 * hyphens unless the rule does not allow them (API Gateway and IoT product names take underscores).
 */
export function generatedName(scope: ros.Construct, kind: Exclude<NameKind, 'otsInstance'>, purpose: string): string {
  const stack = ros.Stack.of(scope);
  const hash = pathHash(scope, purpose, 8);
  const suffix = SCOPE_SUFFIX[kind];
  const prefix = kind === 'oosParameter' ? 'fsc-' : '';
  const room = NAME_RULES[kind].max - (suffix?.length ?? 0) - hash.length - 1 - prefix.length;
  const { pattern } = NAME_RULES[kind];
  const separator = pattern.test('abcd-efgh') ? '-' : '_';
  const lower = !pattern.test('Abcdefgh');
  const clean = (text: string) =>
    (lower ? text.toLowerCase() : text)
      .replace(/[^A-Za-z0-9]+/g, separator)
      .replace(/[-_]{2,}/g, separator)
      .replace(/^[^A-Za-z]+|[-_]+$/g, '');
  // The pattern id and purpose say what a resource is; the stack name comes along when it fits whole.
  const tail = wholeWords(clean(`${scope.node.id}-${purpose}`), room, separator);
  const head = clean(stack.stackName);
  const words = head && head.length + 1 + tail.length <= room ? `${head}${separator}${tail}` : tail;
  const base = `${prefix}${words || 'x'}${separator}${hash}`;
  return suffix ? ros.Fn.sub(`${base}${suffix.text}`) : base;
}

/** `text` if it fits in `room`, else its longest prefix ending at a word boundary (a hard cut for one long word). */
function wholeWords(text: string, room: number, separator: string): string {
  if (text.length <= room) return text;
  const at = text.slice(0, room + 1).lastIndexOf(separator);
  return at > 0 ? text.slice(0, at) : text.slice(0, room);
}

/** A name the user chose, checked against the service's rule; or the generated one. */
export function physicalName(
  scope: ros.Construct,
  validator: Validator,
  prop: string,
  kind: NameKind,
  purpose: string,
  chosen: string | undefined,
): string {
  if (chosen === undefined) return kind === 'otsInstance' ? generatedOtsInstanceName(scope, purpose) : generatedName(scope, kind, purpose);
  if (kind === 'otsInstance') {
    const problem = ros.Token.isUnresolved(chosen) ? undefined : otsInstanceNameProblem(chosen);
    if (problem) validator.fail(prop, chosen, problem);
    return chosen;
  }
  const { pattern, rule } = NAME_RULES[kind];
  validator.matches(prop, chosen, pattern, rule);
  return chosen;
}
