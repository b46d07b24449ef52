/**
 * A pattern's `tags` on every resource it creates whose ROS type documents a `Tags` property, as that type spells it:
 * a map on ALIYUN::OSS::Bucket ("Tags": Map, https://www.alibabacloud.com/help/en/ros/developer-reference/aliyun-oss-bucket),
 * a list of `{ Key, Value }` on ALIYUN::FC3::Function (aliyun-fc3-function, "Tags": List), ALIYUN::SLS::Project
 * (aliyun-sls-project, "up to 20 tags"), ALIYUN::ApiGateway::Group/Api/App (doc-detail/61467, /61459, aliyun-apigateway-app),
 * ALIYUN::OTS::Instance (aliyun-ots-instance, "a maximum of five tags") and ALIYUN::MNS::Topic (aliyun-mns-topic).
 * Not RAM roles: ros-cdk-ram's L1 has `tags`, but the ALIYUN::RAM::Role reference lists no Tags property, so a template
 * with it may not deploy. Tags a resource already has (a bucket's own `tags`) win over the pattern's. The stack's own
 * tags (`new ros.Stack(app, id, { tags })`) are ROS stack tags, which ROS applies to the stack's resources itself.
 *
 * The rules are the strictest of the services involved: OSS bucket tags, "A bucket can have a maximum of 20 tags",
 * keys "1 to 64 characters", letters, digits, spaces and `+ - = . _ : /`, and no key starting with `http://`,
 * `https://`, `aliyun` or `acs` (https://help.aliyun.com/en/oss/user-guide/0010-00000213, 0010-00000002); values up to
 * 128 characters, not starting with `acs:` nor containing `http://`/`https://` (the Tag struct of the Alibaba Cloud APIs,
 * e.g. https://alibabacloud.com/help/en/emr/emr-on-ecs/developer-reference/api-emr-2021-03-20-struct-tag).
 */
import * as ros from '@alicloud/ros-cdk-core';
import { Validator } from './validation';

export const MAX_TAGS = 20;
/** The types that document `Tags` (see above): their shape, and a limit below MAX_TAGS. */
export const TAGGABLE_TYPES: Readonly<Record<string, { shape: 'map' | 'list'; max?: number }>> = {
  'ALIYUN::OSS::Bucket': { shape: 'map' },
  'ALIYUN::FC3::Function': { shape: 'list' },
  'ALIYUN::SLS::Project': { shape: 'list' },
  'ALIYUN::ApiGateway::Group': { shape: 'list' },
  'ALIYUN::ApiGateway::Api': { shape: 'list' },
  'ALIYUN::ApiGateway::App': { shape: 'list' },
  'ALIYUN::OTS::Instance': { shape: 'list', max: 5 },
  'ALIYUN::MNS::Topic': { shape: 'list' },
};
const KEY = /^[A-Za-z0-9 +\-=._:/]{1,64}$/;
const RESERVED_KEY = /^(https?:\/\/|aliyun|acs)/i;

export function checkTags(tags: Readonly<Record<string, string>> | undefined, v: Validator, prop = 'tags'): void {
  if (tags === undefined) return;
  const entries = Object.entries(tags);
  if (entries.length > MAX_TAGS) v.fail(prop, `${entries.length} tags`, `at most ${MAX_TAGS} (an OSS bucket's limit)`);
  for (const [key, value] of entries) {
    if (!KEY.test(key)) v.fail(`${prop}.${key}`, key, 'a tag key is 1-64 letters, digits, spaces or + - = . _ : /');
    if (RESERVED_KEY.test(key)) v.fail(`${prop}.${key}`, key, 'a tag key may not start with http://, https://, aliyun or acs (reserved)');
    if (typeof value !== 'string' || value.length > 128 || value.startsWith('acs:') || /https?:\/\//.test(value)) {
      v.fail(`${prop}.${key}`, value, 'a tag value is a string of up to 128 characters, not starting with acs: nor containing http(s)://');
    }
  }
}

/** Puts `tags` on every taggable L1 under `scope` (call it last in a pattern's constructor). */
export function tagResources(scope: ros.Construct, tags: Readonly<Record<string, string>> | undefined, v: Validator, prop = 'tags'): void {
  checkTags(tags, v, prop);
  if (!tags || Object.keys(tags).length === 0) return;
  for (const node of scope.node.findAll()) {
    if (!(node instanceof ros.RosResource)) continue;
    const type = node.rosResourceType;
    const taggable = TAGGABLE_TYPES[type];
    if (!taggable) continue;
    const own = (node as unknown as { tags?: unknown }).tags;
    if (taggable.shape === 'map') {
      const merged = { ...tags, ...(isMap(own) ? own : {}) };
      node.addPropertyOverride('Tags', merged);
    } else {
      const ownList = Array.isArray(own) ? (own as Array<{ key: string; value?: string }>) : [];
      const keys = new Set(ownList.map((t) => t.key));
      const merged = [
        ...Object.entries(tags)
          .filter(([k]) => !keys.has(k))
          .map(([Key, Value]) => ({ Key, Value })),
        ...ownList.map((t) => ({ Key: t.key, Value: t.value })),
      ];
      const max = taggable.max;
      if (max !== undefined && merged.length > max) v.fail(prop, `${merged.length} tags`, `at most ${max} on ${type} (${node.node.path})`);
      node.addPropertyOverride('Tags', merged);
    }
  }
}

function isMap(value: unknown): value is Record<string, string> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !ros.Tokenization.isResolvable(value);
}
