/**
 * Function Compute RAM actions: FC names each action after its API operation (`fc:<Operation>`, see the "RAM authorization"
 * table of each operation, e.g. https://www.alibabacloud.com/help/en/functioncompute/fc-3-0/developer-reference/api-fc-2023-03-30-createfunction,
 * and https://www.alibabacloud.com/help/en/functioncompute/fc-3-0/developer-reference/api-fc-2023-03-30-ram). The operations are those of
 * FC 3.0 (github.com/alibabacloud-go/fc-20230330 @ c3dd5f52 : client/client.go) and FC 2.0
 * (github.com/alibabacloud-go/fc-open-20210406 @ 9c6a96d5 : client/client.go), since one `fc` RAM code covers both.
 * The full RAM action table could not be read; an action that does not match an operation name would be missing.
 */

/** Operation names; the action is `fc:<name>`. */
export const FC_ACTIONS: readonly string[] = [
  'ChangeResourceGroup', 'ClaimGPUInstance', 'CreateAlias', 'CreateCustomDomain', 'CreateFunction', 'CreateLayerVersion', 'CreateService',
  'CreateSession', 'CreateSnapshot', 'CreateTrigger', 'CreateVpcBinding', 'DeleteAlias', 'DeleteAsyncInvokeConfig', 'DeleteConcurrencyConfig',
  'DeleteCustomDomain', 'DeleteFunction', 'DeleteFunctionAsyncInvokeConfig', 'DeleteFunctionOnDemandConfig', 'DeleteFunctionVersion',
  'DeleteLayerVersion', 'DeleteProvisionConfig', 'DeleteScalingConfig', 'DeleteService', 'DeleteServiceVersion', 'DeleteSession', 'DeleteSnapshot',
  'DeleteTrigger', 'DeleteVpcBinding', 'DeregisterEventSource', 'DescribeRegions', 'DisableFunctionInvocation', 'EnableFunctionInvocation',
  'GetAccountSettings', 'GetAlias', 'GetAsyncInvokeConfig', 'GetAsyncTask', 'GetConcurrencyConfig', 'GetCustomDomain', 'GetFunction',
  'GetFunctionAsyncInvokeConfig', 'GetFunctionCode', 'GetFunctionOnDemandConfig', 'GetLayerVersion', 'GetLayerVersionByArn', 'GetProvisionConfig',
  'GetResourceTags', 'GetScalingConfig', 'GetService', 'GetSession', 'GetSnapshot', 'GetStatefulAsyncInvocation', 'GetTrigger', 'InvokeFunction',
  'ListAliases', 'ListAsyncInvokeConfigs', 'ListAsyncTasks', 'ListConcurrencyConfigs', 'ListCustomDomains', 'ListEventSources',
  'ListFunctionAsyncInvokeConfigs', 'ListFunctionVersions', 'ListFunctions', 'ListInstances', 'ListLayerVersions', 'ListLayers',
  'ListOnDemandConfigs', 'ListProvisionConfigs', 'ListReservedCapacities', 'ListScalingConfigs', 'ListServiceVersions', 'ListServices',
  'ListSessions', 'ListSnapshots', 'ListStatefulAsyncInvocationFunctions', 'ListStatefulAsyncInvocations', 'ListTagResources',
  'ListTaggedResources', 'ListTriggers', 'ListVpcBindings', 'PauseSession', 'PublishFunctionVersion', 'PublishServiceVersion',
  'PutAsyncInvokeConfig', 'PutConcurrencyConfig', 'PutFunctionAsyncInvokeConfig', 'PutFunctionOnDemandConfig', 'PutLayerACL', 'PutProvisionConfig',
  'PutScalingConfig', 'RegisterEventSource', 'ReleaseGPUInstance', 'ResumeSession', 'StopAsyncTask', 'StopStatefulAsyncInvocation', 'TagResource',
  'TagResources', 'UntagResource', 'UntagResources', 'UpdateAlias', 'UpdateCustomDomain', 'UpdateFunction', 'UpdateService', 'UpdateSession',
  'UpdateTrigger',
];
