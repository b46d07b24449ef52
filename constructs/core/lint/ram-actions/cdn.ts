/**
 * CDN RAM actions: CDN names each action after its API operation (`cdn:<Operation>`, see the RAM authorization table of each
 * operation, e.g. https://www.alibabacloud.com/help/fr/cdn/developer-reference/api-cdn-2018-05-10-refreshobjectcachebycachetag,
 * and https://www.alibabacloud.com/help/en/cdn/ram-authorization). The operations are those of
 * github.com/alibabacloud-go/cdn-20180510 @ f0e82721 : client/client.go.
 * The full RAM action table could not be read; an action that does not match an operation name would be missing.
 */

/** Operation names; the action is `cdn:<name>`. */
export const CDN_ACTIONS: readonly string[] = [
  'AddCdnDomain', 'AddFCTrigger', 'BatchAddCdnDomain', 'BatchDeleteCdnDomainConfig', 'BatchDescribeCdnIpInfo', 'BatchSetCdnDomainConfig',
  'BatchSetGrayDomainFunction', 'BatchStartCdnDomain', 'BatchStopCdnDomain', 'BatchUpdateCdnDomain', 'CheckCdnDomainExist', 'CheckCdnDomainICP',
  'CreateCdnCertificateSigningRequest', 'CreateCdnDeliverTask', 'CreateCdnSubTask', 'CreateRealTimeLogDelivery', 'CreateUsageDetailDataExportTask',
  'CreateUserUsageDataExportTask', 'DeleteCdnDeliverTask', 'DeleteCdnDomain', 'DeleteCdnSubTask', 'DeleteCustomDomainSampleRate', 'DeleteFCTrigger',
  'DeleteRealTimeLogLogstore', 'DeleteRealtimeLogDelivery', 'DeleteSpecificConfig', 'DeleteSpecificStagingConfig',
  'DeleteUsageDetailDataExportTask', 'DeleteUserUsageDataExportTask', 'DescribeBlockedRegions', 'DescribeCdnCertificateDetail',
  'DescribeCdnCertificateDetailById', 'DescribeCdnCertificateList', 'DescribeCdnConditionIPBInfo', 'DescribeCdnDeletedDomains',
  'DescribeCdnDeliverList', 'DescribeCdnDomainAtoaLogs', 'DescribeCdnDomainByCertificate', 'DescribeCdnDomainConfigs', 'DescribeCdnDomainDetail',
  'DescribeCdnDomainLogs', 'DescribeCdnDomainLogsExTtl', 'DescribeCdnDomainStagingConfig', 'DescribeCdnFullDomainsBlockIPConfig',
  'DescribeCdnFullDomainsBlockIPHistory', 'DescribeCdnHttpsDomainList', 'DescribeCdnOrderCommodityCode', 'DescribeCdnRegionAndIsp',
  'DescribeCdnReport', 'DescribeCdnReportList', 'DescribeCdnSMCertificateDetail', 'DescribeCdnSMCertificateList', 'DescribeCdnSSLCertificateList',
  'DescribeCdnSecFuncInfo', 'DescribeCdnService', 'DescribeCdnSubList', 'DescribeCdnTypes', 'DescribeCdnUserBillHistory',
  'DescribeCdnUserBillPrediction', 'DescribeCdnUserBillType', 'DescribeCdnUserConfigs', 'DescribeCdnUserDomainsByFunc', 'DescribeCdnUserQuota',
  'DescribeCdnUserResourcePackage', 'DescribeCdnWafDomain', 'DescribeCertificateInfoByID', 'DescribeCustomDomainSampleRate',
  'DescribeCustomLogConfig', 'DescribeDomainAverageResponseTime', 'DescribeDomainBpsData', 'DescribeDomainBpsDataByLayer',
  'DescribeDomainBpsDataByTimeStamp', 'DescribeDomainCcActivityLog', 'DescribeDomainCertificateInfo', 'DescribeDomainCname',
  'DescribeDomainCustomLogConfig', 'DescribeDomainDetailDataByLayer', 'DescribeDomainHitRateData', 'DescribeDomainHttpCodeData',
  'DescribeDomainHttpCodeDataByLayer', 'DescribeDomainISPData', 'DescribeDomainMax95BpsData', 'DescribeDomainMultiUsageData',
  'DescribeDomainPathData', 'DescribeDomainPvData', 'DescribeDomainQpsData', 'DescribeDomainQpsDataByLayer', 'DescribeDomainRealTimeBpsData',
  'DescribeDomainRealTimeByteHitRateData', 'DescribeDomainRealTimeDetailData', 'DescribeDomainRealTimeHttpCodeData',
  'DescribeDomainRealTimeQpsData', 'DescribeDomainRealTimeReqHitRateData', 'DescribeDomainRealTimeSrcBpsData',
  'DescribeDomainRealTimeSrcHttpCodeData', 'DescribeDomainRealTimeSrcTrafficData', 'DescribeDomainRealTimeTrafficData',
  'DescribeDomainRealtimeLogDelivery', 'DescribeDomainRegionData', 'DescribeDomainReqHitRateData', 'DescribeDomainSrcBpsData',
  'DescribeDomainSrcHttpCodeData', 'DescribeDomainSrcQpsData', 'DescribeDomainSrcTopUrlVisit', 'DescribeDomainSrcTrafficData',
  'DescribeDomainTopClientIpVisit', 'DescribeDomainTopReferVisit', 'DescribeDomainTopUrlVisit', 'DescribeDomainTrafficData',
  'DescribeDomainUsageData', 'DescribeDomainUvData', 'DescribeDomainVerifyData', 'DescribeDomainsBySource', 'DescribeDomainsUsageByDay',
  'DescribeEsExceptionData', 'DescribeEsExecuteData', 'DescribeFCTrigger', 'DescribeIpInfo', 'DescribeIpStatus', 'DescribeL2VipsByDomain',
  'DescribePreloadDetailById', 'DescribeRangeDataByLocateAndIspService', 'DescribeRealtimeDeliveryAcc', 'DescribeRefreshQuota',
  'DescribeRefreshTaskById', 'DescribeRefreshTasks', 'DescribeStagingIp', 'DescribeTagResources', 'DescribeTopDomainsByFlow',
  'DescribeUserCdnStatus', 'DescribeUserCertificateExpireCount', 'DescribeUserConfigs', 'DescribeUserDomains', 'DescribeUserTags',
  'DescribeUserUsageDataExportTask', 'DescribeUserUsageDetailDataExportTask', 'DescribeUserVipsByDomain', 'DescribeVerifyContent',
  'DisableRealtimeLogDelivery', 'EnableRealtimeLogDelivery', 'GetGrayDomainFunction', 'ListDomainsByLogConfigId', 'ListFCTrigger',
  'ListRealtimeLogDelivery', 'ListRealtimeLogDeliveryDomains', 'ListRealtimeLogDeliveryInfos', 'ListTagResources', 'ListUserCustomLogConfig',
  'ModifyCdnDomain', 'ModifyCdnDomainOwner', 'ModifyCdnDomainSchdmByProperty', 'ModifyCdnService', 'ModifyCustomDomainSampleRate',
  'ModifyRealtimeLogDelivery', 'OpenCdnService', 'PublishGrayDomainConfig', 'PublishStagingConfigToProduction', 'PushObjectCache',
  'RefreshObjectCacheByCacheTag', 'RefreshObjectCaches', 'RollbackStagingConfig', 'SetCdnDomainCSRCertificate', 'SetCdnDomainSMCertificate',
  'SetCdnDomainSSLCertificate', 'SetCdnDomainStagingConfig', 'SetCdnFullDomainsBlockIP', 'SetReqHeaderConfig', 'SetWaitingRoomConfig',
  'StartCdnDomain', 'StopCdnDomain', 'TagResources', 'UntagResources', 'UpdateCdnDeliverTask', 'UpdateCdnSubTask', 'UpdateFCTrigger',
  'VerifyDomainOwner',
];
