/**
 * The device part of IotIngest: IoT Platform → MNS topic → FC 3.0 → Mobile Push.
 *
 * - An IoT Platform product (or the user's `existingProductKey`) and two rules: device status
 *   (TopicType 2, `/as/mqtt/status/${productKey}/+`) and property posts (TopicType 0,
 *   `+/thing/event/property/post`), each with one MNS action to the devices topic. The rule engine's FC
 *   action is documented for FC 2.0 services (a `serviceName` is required in its configuration), so the
 *   documented path to an FC 3.0 function is a topic and an MNS trigger (docs/research/iot-ingest/iot-mns-push.md §1).
 * - The devices topic (ALIYUN::MNS::Topic) and its FC 3.0 `mns_topic` trigger on the device-status
 *   function, JSON format, exponential-decay retries (176 tries over a day: a status is not lost to a
 *   short outage), invoked through a role trusted by mns.aliyuncs.com.
 * - The transition check (delayed async invocations of itself by the device-status function; FC retries,
 *   then the device failure handler) and the device API behind its own API Gateway group.
 * Nothing here has a timer: every function runs on an event.
 */
import * as ros from '@alicloud/ros-cdk-core';
import * as fc3 from '@alicloud/ros-cdk-fc3';
import { FcEventApi, patternApi } from '../core/api-gateway';
import { PatternFunction } from '../core/function';
import { childId, physicalName } from '../core/naming';
import { sub } from '../core/policy';
import { serviceInvokeRole } from '../core/service-invoke-role';
import { Validator } from '../core/validation';
import { IOT_ENV } from '../../runtime/iot/settings';
import { DEVICE_API_ROUTES, IOT_DEFAULTS } from './defaults';
import { IotIngestProps } from './props';

/**
 * The role the rule engine's MNS action writes with: the IoT service role the console creates when MNS
 * forwarding is authorized, named in the action's configuration as aliyun/ros-templates resources/iot/rule.yml
 * and the CreateRuleAction reference write it. It must exist before deployment (README, Deploy).
 */
export const IOT_MNS_ROLE = 'AliyunIOTAccessingMNSRole';

export interface DeviceFunctions {
  deviceApi: PatternFunction;
  deviceStatus: PatternFunction;
  transitionCheck: PatternFunction;
  deviceFailure: PatternFunction;
}

export interface DeviceResources {
  /** The product the rules read from: created, or the user's. */
  productKey: string;
  /** The product the pattern created; undefined with `devices.existingProductKey`. */
  product?: ros.RosResource;
  /** The MNS topic the rules forward to. */
  topic: ros.RosResource;
  /** The IoT Platform rule forwarding device status changes to the topic. */
  statusRule: ros.RosResource;
  /** The IoT Platform rule forwarding property posts to the topic. */
  propertyRule: ros.RosResource;
  /** The topic's MNS trigger on the device status function. */
  statusTrigger: fc3.RosTrigger;
  /** The API Gateway group of the device API. */
  deviceApi: FcEventApi;
}

export function createDevicePart(
  scope: ros.Construct,
  id: string,
  props: IotIngestProps,
  functions: DeviceFunctions,
  v: Validator,
): DeviceResources {
  const d = IOT_DEFAULTS.devices;
  const given = props.devices?.existingProductKey;
  const instance = props.devices?.iotInstanceId !== undefined ? { IotInstanceId: props.devices.iotInstanceId } : {};
  let product: ros.RosResource | undefined;
  let productKey: string;
  if (given !== undefined) {
    productKey = given;
  } else {
    // https://www.alibabacloud.com/help/en/ros/developer-reference/aliyun-iot-product ; property posts (TSL) need the
    // senior edition with Alink JSON (CreateProduct, https://www.alibabacloud.com/help/doc-detail/69123.html).
    product = new ros.RosResource(scope, childId(id, 'Product'), {
      type: 'ALIYUN::IOT::Product',
      properties: {
        ProductName: physicalName(scope, v, 'devices.productName', 'iotProduct', 'product', props.devices?.productName),
        NodeType: 0,
        AliyunCommodityCode: 'iothub_senior',
        DataFormat: 1,
        AuthType: 'secret',
        Description: 'Devices whose status IotIngest pushes to their owners',
        ...instance,
      },
    });
    productKey = ros.Token.asString(product.getAtt('ProductKey'));
  }

  const topicName = physicalName(scope, v, 'devices.topicName', 'mnsTopic', 'devices', undefined);
  // https://www.alibabacloud.com/help/en/ros/developer-reference/aliyun-mns-topic
  const topic = new ros.RosResource(scope, childId(id, 'DevicesTopic'), {
    type: 'ALIYUN::MNS::Topic',
    properties: { TopicName: topicName, MaximumMessageSize: 65536, LoggingEnabled: false },
  });

  // The MNS action's configuration: the topic (`themeName`), its region and the IoT service role
  // (CreateRuleAction; aliyun/ros-templates resources/iot/rule.yml builds it with Fn::Sub the same way).
  const mnsAction = {
    Type: 'MNS',
    Configuration: sub(
      JSON.stringify({
        themeName: '${Topic}',
        regionName: '${ALIYUN::Region}',
        role: { roleArn: `acs:ram::\${ALIYUN::TenantId}:role/${IOT_MNS_ROLE.toLowerCase()}`, roleName: IOT_MNS_ROLE },
      }),
      { Topic: ros.Token.asString(topic.getAtt('TopicName')) },
    ),
    // A string in the rule's inline actions (the ROS property's own type), a Boolean only on ALIYUN::IOT::RuleAction.
    ErrorActionFlag: 'false',
  };
  // https://www.alibabacloud.com/help/en/ros/developer-reference/aliyun-iot-rule
  const rule = (part: string, purpose: string, topicType: number, shortTopic: string, description: string) => {
    const r = new ros.RosResource(scope, childId(id, part), {
      type: 'ALIYUN::IOT::Rule',
      properties: {
        Name: physicalName(scope, v, `devices.${purpose}Rule`, 'iotRule', purpose, undefined),
        ProductKey: productKey,
        TopicType: topicType,
        ShortTopic: shortTopic,
        Select: '*',
        DataType: 'JSON',
        RuleAction: [mnsAction],
        StartRule: true,
        RuleDesc: description,
        ...instance,
      },
    });
    r.addRosDependency(topic.logicalId);
    if (product) r.addRosDependency(product.logicalId);
    return r;
  };
  const statusRule = rule('StatusRule', 'status', 2, '+', 'Device online/offline to the IotIngest devices topic');
  const propertyRule = rule('PropertyRule', 'properties', 0, '+/thing/event/property/post', 'Property posts to the IotIngest devices topic');

  const triggerRole = serviceInvokeRole(scope, childId(id, 'StatusTriggerRole'), {
    service: 'mns',
    functionName: functions.deviceStatus.functionName,
    roleName: physicalName(scope, v, 'statusTrigger', 'ramRole', 'status-trigger', undefined),
    description: 'Lets the devices topic invoke the device-status function',
  });
  const statusTrigger = new fc3.RosTrigger(
    scope,
    childId(id, 'StatusTrigger'),
    {
      functionName: functions.deviceStatus.functionName,
      triggerName: 'devices-topic',
      triggerType: 'mns_topic',
      // FC 3.0 MNSTopicTriggerConfig (https://www.alibabacloud.com/help/en/functioncompute/fc-3-0/developer-reference/api-fc-2023-03-30-struct-mnstopictriggerconfig).
      triggerConfig: { notifyContentFormat: 'JSON', notifyStrategy: d.notifyStrategy },
      sourceArn: sub('acs:mns:${ALIYUN::Region}:${ALIYUN::TenantId}:/topics/${Topic}', { Topic: ros.Token.asString(topic.getAtt('TopicName')) }),
      invocationRole: triggerRole.attrArn,
      description: 'Device statuses and property posts from the IoT rules',
    },
    true,
  );
  statusTrigger.addRosDependency(topic.logicalId);

  // The status function queues checks; the check re-queues itself (debounce, rate limit, quiet hours), as may its failure handler.
  for (const caller of [functions.deviceStatus, functions.transitionCheck, functions.deviceFailure]) {
    caller.addEnvironment(IOT_ENV.checkFunction, functions.transitionCheck.name);
    caller.policy.fcInvoke(functions.transitionCheck.name);
  }
  functions.transitionCheck.policy.mobilePush();
  functions.deviceFailure.policy.mobilePush();

  const deviceApi = patternApi(scope, v, {
    part: 'DevicesApi',
    description: 'Device API',
    domainDescription: 'Host name of the device API (owners binding)',
    fn: functions.deviceApi,
    routes: DEVICE_API_ROUTES,
    anonymous: props.anonymous,
    protocol: props.protocol ?? IOT_DEFAULTS.protocol,
    requestsPerMinute: props.requestsPerMinute ?? IOT_DEFAULTS.requestsPerMinute,
    backendTimeoutMs: IOT_DEFAULTS.backendTimeoutMs,
  });
  new ros.RosOutput(scope, childId(id, 'ProductKey'), { value: productKey, description: 'IoT Platform product whose devices are followed' });
  new ros.RosOutput(scope, childId(id, 'DevicesTopicName'), { value: topicName, description: 'MNS topic the IoT rules forward device messages to' });
  return { productKey, product, topic, statusRule, propertyRule, statusTrigger, deviceApi };
}
