/**
 * Operation Orchestration Service RAM actions for its parameter store: the parameter and secret-parameter operations of
 * OOS API 2019-06-01 (https://www.alibabacloud.com/help/en/oos/developer-reference/api-oos-2019-06-01-getsecretparameter and
 * its sibling pages; the RAM example https://www.alibabacloud.com/help/doc-detail/200116.htm).
 * INCOMPLETE: templates, executions and applications are left out.
 */

/** Operation names; the action is `oos:<name>`. */
export const OOS_ACTIONS: readonly string[] = [
  'CreateParameter', 'CreateSecretParameter', 'DeleteParameter', 'DeleteSecretParameter', 'GetParameter', 'GetParameters',
  'GetParametersByPath', 'GetSecretParameter', 'GetSecretParameters', 'GetSecretParametersByPath', 'ListParameters',
  'ListSecretParameters', 'UpdateParameter', 'UpdateSecretParameter',
];
