/**
 * Simple Message Queue (formerly MNS) RAM actions: the queue, topic, subscription and message actions of
 * https://www.alibabacloud.com/help/zh/mns/security-and-compliance/permission-policies-and-examples and
 * https://www.alibabacloud.com/help/en/mns/security-and-compliance/message-service-custom-permission-policy-reference ,
 * plus the management operations (https://alibabacloud.com/help/en/mns/developer-reference/api-mns-open-2022-01-19-ram) of
 * github.com/alibabacloud-go/mns-open-20220119 @ fde617bd : client/client.go.
 * INCOMPLETE: the full tables could not be read (e.g. event-notification and tagging actions are missing).
 */

/** Operation names; the action is `mns:<name>`. */
export const MNS_ACTIONS: readonly string[] = [
  'AuthorizeEndpointAcl', 'ChangeMessageVisibility', 'CreateEventRule', 'CreateQueue', 'CreateTopic', 'DeleteEventRule', 'DeleteMessage',
  'DeleteQueue', 'DeleteTopic', 'DisableEndpoint', 'EnableEndpoint', 'GetEndpointAttribute', 'GetEventRule', 'GetQueueAttributes',
  'GetSubscriptionAttributes', 'GetTopicAttributes', 'ListEventRules', 'ListQueue', 'ListSubscriptionByTopic', 'ListTopic', 'OpenService',
  'PeekMessage', 'PublishMessage', 'ReceiveMessage', 'RevokeEndpointAcl', 'SendMessage', 'SetQueueAttributes', 'SetSubscriptionAttributes',
  'SetTopicAttributes', 'Subscribe', 'Unsubscribe',
];
