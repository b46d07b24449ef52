/**
 * Simple Log Service RAM actions: the action list of https://www.alibabacloud.com/help/en/sls/developer-reference/api-sls-2020-12-30-ram ,
 * read in full from Alibaba's published copy github.com/AlibabaCloudDocs/sls @ 070060e8 :
 * "intl.en-US/Developer Guide/API Reference/RAM/STS/Action list.md", plus the actions other pages of that copy grant
 * (ListProject, CreateChart, resource records, consumer-group checkpoints).
 * INCOMPLETE: that copy is from 2021; newer actions (e.g. DeleteProject, alerts, data transformation, scheduled SQL) are missing.
 */

/** Operation names; the action is `log:<name>`. */
export const LOG_ACTIONS: readonly string[] = [
  'ApplyConfigToMachineGroup', 'ConsumerGroupHeartBeat', 'ConsumerGroupUpdateCheckPoint', 'CreateApp', 'CreateChart', 'CreateConfig',
  'CreateConsumerGroup', 'CreateDashboard', 'CreateIndex', 'CreateJob', 'CreateLogStore', 'CreateMachineGroup', 'CreateProject',
  'CreateSavedSearch', 'DeleteApp', 'DeleteConfig', 'DeleteConsumerGroup', 'DeleteDashboard', 'DeleteIndex', 'DeleteLogStore', 'DeleteMachineGroup',
  'DeleteSavedSearch', 'GetApp', 'GetAppliedConfigs', 'GetAppliedMachineGroups', 'GetCheckPoint', 'GetConfig', 'GetConsumerGroupCheckPoint',
  'GetCursorOrData', 'GetDashboard', 'GetIndex', 'GetLogStore', 'GetLogStoreHistogram', 'GetLogStoreLogs', 'GetMachineGroup', 'GetProject',
  'GetResource', 'GetResourceRecord', 'GetSavedSearch', 'GetShipperStatus', 'HeartBeat', 'ListConfig', 'ListConsumerGroup', 'ListDashboard',
  'ListLogStores', 'ListMachineGroup', 'ListMachines', 'ListProject', 'ListResourceRecords', 'ListResources', 'ListSavedSearch', 'ListShards',
  'PostLogStoreLogs', 'RemoveConfigFromMachineGroup', 'RetryShipperTask', 'UpdateApp', 'UpdateCheckPoint', 'UpdateConfig', 'UpdateConsumerGroup',
  'UpdateDashboard', 'UpdateIndex', 'UpdateJob', 'UpdateLogStore', 'UpdateMachineGroup', 'UpdateSavedSearch',
];
