/**
 * Tablestore RAM actions: the API operations of the Tablestore custom RAM policy page,
 * https://www.alibabacloud.com/help/en/tablestore/custom-permissions-of-tablestore , read in full from Alibaba's published copy
 * github.com/AlibabaCloudDocs/ots @ fbe6d0fc : "intl.en-US/Function Introduction/Authorization management/Custom permissions.md".
 * INCOMPLETE: that copy is from 2021. The current page also grants SQL operations (the doc's example is "ots:SQL*"), and
 * newer operations (time series tables, parallel scan, bulk import/export, instance management beyond these) are missing here;
 * a template using them is flagged until they are added.
 */

/** Operation names; the action is `ots:<name>`. */
export const OTS_ACTIONS: readonly string[] = [
  'AbortTransaction', 'BatchGetRow', 'BatchWriteRow', 'CommitTransaction', 'ComputeSplitPointsBySize', 'ConsumeTunnel', 'CreateIndex',
  'CreateSearchIndex', 'CreateTable', 'CreateTunnel', 'DeleteInstance', 'DeleteRow', 'DeleteSearchIndex', 'DeleteTable', 'DeleteTunnel',
  'DescribeSearchIndex', 'DescribeTable', 'DescribeTunnel', 'DropIndex', 'GetInstance', 'GetRange', 'GetRow', 'InsertInstance', 'ListInstance',
  'ListSearchIndex', 'ListTable', 'ListTunnel', 'PutRow', 'Search', 'StartLocalTransaction', 'UpdateRow', 'UpdateTable',
];
