export { PatternFunction, resolveSize, validateSize } from './function';
export type { FunctionSize, PatternFunctionProps, AsyncInvokeOptions, ResolvedSize } from './function';
export { createPatternFunctions } from './pattern-functions';
export type { PatternFunctionsProps } from './pattern-functions';
export { bucketFor, logSinkFor } from './pattern-resources';
export { bucketRefOf, logSinkRefOf, nameString, tableRefOf, tableStoreRefOf } from './existing';
export type {
  BucketName,
  ExistingBucket,
  ExistingFunction,
  ExistingLogSink,
  ExistingTable,
  ExistingTableStore,
  FunctionName,
  LogSinkName,
  LogstoreInProject,
  NameValue,
  TableInInstance,
  TableName,
  TableStoreName,
  TopicName,
} from './existing';
export type { ExistingOrNew } from './pattern-resources';
export { LogSink, structuredLogFields } from './log-sink';
export type { ILogSink, LogSinkProps, IndexedField } from './log-sink';
export { SecureBucket } from './secure-bucket';
export type { BucketRef, SecureBucketProps } from './secure-bucket';
export { TableStoreInstance, sharedTableStore, tableStoreFor, createTable, patternTableName, SHARED_TABLE_STORE_ID } from './table-store';
export type { TableRef, TableProps, TableStoreRef, TableStoreProps, KeyColumn, TableSpec } from './table-store';
export { OssTrigger, OBJECT_CREATED_EVENTS } from './oss-trigger';
export { serviceInvokeRole } from './service-invoke-role';
export type { ServiceInvokeRoleProps } from './service-invoke-role';
export { PolicyBuilder } from './policy';
export { PropError, Validator } from './validation';
export { NAME_RULES, childId, generatedName, generatedOtsInstanceName } from './naming';
export { OTS_INSTANCE_RESERVED_WORDS, otsInstanceNameProblem } from './facts/ots-names';
export { FFMPEG_LAYER } from './function-runtime';
export { FcEventApi } from './api-gateway';
export type { ApiRoute, FcEventApiProps, HttpMethod } from './api-gateway';
export { timerTrigger } from './timer-trigger';
export { checkTags, MAX_TAGS, tagResources } from './tags';
