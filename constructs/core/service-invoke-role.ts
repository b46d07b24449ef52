import * as ros from '@alicloud/ros-cdk-core';
import * as ram from '@alicloud/ros-cdk-ram';
import { PolicyBuilder, trustPolicy } from './policy';

export interface ServiceInvokeRoleProps {
  /** The service that invokes: `oss`, `apigateway`, `mns`, `iot`, `ots` (its `<service>.aliyuncs.com` principal). */
  readonly service: string;
  /** The only function the role may invoke. */
  readonly functionName: string;
  /** Name of the RAM role. */
  readonly roleName: string;
  /** Description of the RAM role. */
  readonly description: string;
}

/** A role that lets one Alibaba Cloud service invoke one function, and nothing else. */
export function serviceInvokeRole(scope: ros.Construct, id: string, props: ServiceInvokeRoleProps): ram.RosRole {
  return new ram.RosRole(
    scope,
    id,
    {
      roleName: props.roleName,
      description: props.description,
      assumeRolePolicyDocument: trustPolicy(props.service),
      policies: new PolicyBuilder().fcInvoke(props.functionName).render(props.roleName),
    },
    true,
  );
}
