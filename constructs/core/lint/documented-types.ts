/**
 * Resource types the ROS resource reference documents but neither `@alicloud/ros-cdk-spec` nor an L1 package on the npm
 * registry knows (`@alicloud/ros-cdk-oos` is published on PyPI only), written from their reference pages.
 */
import type { PropertySchema } from './spec';

export interface DocumentedType {
  readonly source: string;
  readonly properties: Readonly<Record<string, PropertySchema>>;
  readonly attributes: readonly string[];
}

export const DOCUMENTED_TYPES: Readonly<Record<string, DocumentedType>> = {
  'ALIYUN::OOS::SecretParameter': {
    source: 'https://www.alibabacloud.com/help/en/ros/developer-reference/aliyun-oos-secretparameter',
    properties: {
      SecretParameterName: { Type: 'string', Required: true },
      Value: { Type: 'string', Required: true },
      KeyId: { Type: 'string', Required: false },
      Description: { Type: 'string', Required: false },
      Constraints: { Type: 'map', Required: false },
      ResourceGroupId: { Type: 'string', Required: false },
      Tags: { Type: 'map', Required: false },
    },
    attributes: [
      'SecretParameterName',
      'SecretParameterId',
      'KeyId',
      'Type',
      'ParameterVersion',
      'CreateTime',
      'UpdatedDate',
      'CreatedBy',
      'UpdatedBy',
      'Constraints',
      'Tags',
      'ShareType',
      'ResourceGroupId',
    ],
  },
};
