/**
 * Mobile Push RAM actions: the RAM code is `mpush` and each action is named after its API operation
 * (e.g. mpush:Push, https://help.aliyun.com/document_detail/48089.html). The operations are those of
 * github.com/alibabacloud-go/push-20160801 @ a0380f4d : client/client.go.
 * The full RAM action table could not be read; an action that does not match an operation name would be missing.
 */

/** Operation names; the action is `mpush:<name>`. */
export const MPUSH_ACTIONS: readonly string[] = [
  'BindAlias', 'BindPhone', 'BindTag', 'CancelPush', 'CheckCertificate', 'CheckDevice', 'CheckDevices', 'CompleteContinuouslyPush',
  'ContinuouslyPush', 'ListSummaryApps', 'ListTags', 'MassPush', 'MassPushV2', 'Push', 'PushMessageToAndroid', 'PushMessageToiOS',
  'PushNoticeToAndroid', 'PushNoticeToiOS', 'PushV2', 'QueryAliases', 'QueryDeviceInfo', 'QueryDeviceStat', 'QueryDevicesByAccount',
  'QueryDevicesByAlias', 'QueryPushRecords', 'QueryPushStatByApp', 'QueryPushStatByMsg', 'QueryTags', 'QueryUniqueDeviceStat', 'RemoveTag',
  'UnbindAlias', 'UnbindPhone', 'UnbindTag',
];
