/**
 * OSS RAM actions: service-, bucket- and object-level actions of the OSS RAM policy reference,
 * https://www.alibabacloud.com/help/en/oss/user-guide/authorization-syntax-and-elements (formerly
 * https://www.alibabacloud.com/help/en/oss/user-guide/ram-policy-overview). The full table was read from Alibaba's published copy,
 * github.com/AlibabaCloudDocs/oss @ f68409178 : "intl.en-US/Developer Guide/Data security/Access and control/RAM Policy/Overview.md",
 * and completed with the newer rows of the current Chinese page (WORM, access points, inventory, metadata query, anti-DDoS,
 * Block Public Access, redundancy transition, replication) as transcribed in
 * github.com/lingting-projects/lingting-framework @ 396062a1 : lingting-ali/src/main/java/live/lingting/framework/ali/AliActions.java.
 * oss:GetBucketStat is from https://www.alibabacloud.com/help/en/resource-access-management/latest/list-and-read-resources-in-a-bucket.
 * HeadObject, GetObjectMeta, SelectObject and GetSymlink are authorized by oss:GetObject; PostObject, AppendObject, multipart
 * uploads and PutSymlink by oss:PutObject; DeleteMultipleObjects by oss:DeleteObject: there is no oss:HeadObject action.
 */

/** Operation names; the action is `oss:<name>`. */
export const OSS_ACTIONS: readonly string[] = [
  'AbortBucketWorm', 'AbortMultipartUpload', 'ActivateProduct', 'CloseMetaQuery', 'CompleteBucketWorm', 'CreateAccessPoint',
  'CreateAccessPointForObjectProcess', 'CreateBucketDataRedundancyTransition', 'CreateCnameToken', 'CreateOrder', 'DeleteAccessPoint',
  'DeleteAccessPointForObjectProcess', 'DeleteAccessPointPolicy', 'DeleteAccessPointPolicyForObjectProcess', 'DeleteAccessPointPublicAccessBlock',
  'DeleteBucket', 'DeleteBucketCors', 'DeleteBucketDataRedundancyTransition', 'DeleteBucketEncryption', 'DeleteBucketInventory',
  'DeleteBucketLifecycle', 'DeleteBucketLogging', 'DeleteBucketPolicy', 'DeleteBucketPublicAccessBlock', 'DeleteBucketReplication',
  'DeleteBucketTagging', 'DeleteBucketWebsite', 'DeleteCname', 'DeleteLiveChannel', 'DeleteObject', 'DeleteObjectTagging', 'DeleteObjectVersion',
  'DeleteObjectVersionTagging', 'DeletePublicAccessBlock', 'DeleteStyle', 'DoMetaQuery', 'ExtendBucketWorm', 'GetAccessPoint',
  'GetAccessPointConfigForObjectProcess', 'GetAccessPointForObjectProcess', 'GetAccessPointPolicy', 'GetAccessPointPolicyForObjectProcess',
  'GetAccessPointPublicAccessBlock', 'GetBucketAccessMonitor', 'GetBucketAcl', 'GetBucketArchiveDirectRead', 'GetBucketCors',
  'GetBucketDataRedundancyTransition', 'GetBucketEncryption', 'GetBucketHttpsConfig', 'GetBucketInfo', 'GetBucketInventory', 'GetBucketLifecycle',
  'GetBucketLocation', 'GetBucketLogging', 'GetBucketPolicy', 'GetBucketPolicyStatus', 'GetBucketPublicAccessBlock', 'GetBucketReferer',
  'GetBucketReplication', 'GetBucketReplicationLocation', 'GetBucketReplicationProgress', 'GetBucketRequestPayment', 'GetBucketResourceGroup',
  'GetBucketStat', 'GetBucketTagging', 'GetBucketTransferAcceleration', 'GetBucketVersioning', 'GetBucketWebsite', 'GetBucketWorm', 'GetCnameToken',
  'GetLiveChannel', 'GetLiveChannelHistory', 'GetLiveChannelStat', 'GetMetaQueryStatus', 'GetObject', 'GetObjectAcl', 'GetObjectTagging',
  'GetObjectVersion', 'GetObjectVersionAcl', 'GetObjectVersionTagging', 'GetPublicAccessBlock', 'GetStyle', 'GetUserAntiDDosInfo', 'GetVodPlaylist',
  'InitBucketAntiDDosInfo', 'InitUserAntiDDosInfo', 'InitiateBucketWorm', 'ListAccessPoints', 'ListAccessPointsForObjectProcess',
  'ListBucketAntiDDosInfo', 'ListBucketDataRedundancyTransition', 'ListBuckets', 'ListCname', 'ListLiveChannel', 'ListMultipartUploads',
  'ListObjectVersions', 'ListObjects', 'ListParts', 'ListStyle', 'ListUserDataRedundancyTransition', 'OpenMetaQuery', 'PostProcessTask',
  'PostVodPlaylist', 'ProcessImm', 'PublishRtmpStream', 'PutAccessPointConfigForObjectProcess', 'PutAccessPointPolicy',
  'PutAccessPointPolicyForObjectProcess', 'PutAccessPointPublicAccessBlock', 'PutBucket', 'PutBucketAccessMonitor', 'PutBucketAcl',
  'PutBucketArchiveDirectRead', 'PutBucketCors', 'PutBucketEncryption', 'PutBucketHttpsConfig', 'PutBucketInventory', 'PutBucketLifecycle',
  'PutBucketLogging', 'PutBucketPolicy', 'PutBucketPublicAccessBlock', 'PutBucketRTC', 'PutBucketReferer', 'PutBucketReplication',
  'PutBucketRequestPayment', 'PutBucketResourceGroup', 'PutBucketTagging', 'PutBucketTransferAcceleration', 'PutBucketVersioning',
  'PutBucketWebsite', 'PutCname', 'PutLiveChannel', 'PutLiveChannelStatus', 'PutObject', 'PutObjectAcl', 'PutObjectTagging', 'PutObjectVersionAcl',
  'PutObjectVersionTagging', 'PutPublicAccessBlock', 'PutStyle', 'ReplicateDelete', 'ReplicateGet', 'ReplicateList', 'ReplicatePut',
  'RestoreObject', 'RestoreObjectVersion', 'UpdateBucketAntiDDosInfo', 'UpdateUserAntiDDosInfo', 'WriteGetObjectResponse',
];

/** Object operations without an action of their own, and the action that authorizes them (same source as above). */
export const OSS_OPERATION_ACTIONS: Readonly<Record<string, string>> = {
  HeadObject: 'oss:GetObject', GetObjectMeta: 'oss:GetObject', SelectObject: 'oss:GetObject', GetSymlink: 'oss:GetObject',
  PostObject: 'oss:PutObject', AppendObject: 'oss:PutObject', InitiateMultipartUpload: 'oss:PutObject', UploadPart: 'oss:PutObject',
  CompleteMultipartUpload: 'oss:PutObject', PutSymlink: 'oss:PutObject', DeleteMultipleObjects: 'oss:DeleteObject',
  CopyObject: 'oss:GetObject and oss:PutObject', UploadPartCopy: 'oss:GetObject and oss:PutObject',
};
