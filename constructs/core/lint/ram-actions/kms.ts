/**
 * Key Management Service RAM actions for secrets and decryption (KMS API 2016-01-20: GetSecretValue, Decrypt, DescribeSecret,
 * ListSecretVersionIds, https://www.alibabacloud.com/help/en/kms/key-management-service/developer-reference/api-kms-2016-01-20-getsecretvalue;
 * the system policy AliyunKMSSecretUserAccess, https://www.alibabacloud.com/help/en/ram/developer-reference/aliyunkmssecretuseraccess).
 * INCOMPLETE: key, instance and certificate management actions are left out.
 */

/** Operation names; the action is `kms:<name>`. */
export const KMS_ACTIONS: readonly string[] = [
  'CreateSecret', 'Decrypt', 'DeleteSecret', 'DescribeSecret', 'Encrypt', 'GenerateDataKey', 'GetSecretValue', 'ListSecretVersionIds',
  'ListSecrets', 'PutSecretValue', 'UpdateSecret',
];
