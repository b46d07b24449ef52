/**
 * fc-solution-constructs: serverless patterns for Alibaba Cloud ROS CDK. The root holds what an app builds with: the
 * four patterns, their props and the types those props and the patterns' public members use, the table definitions,
 * the settings types, and PropError. The building blocks the patterns are made of (PatternFunction, SecureBucket,
 * LogSink, the Table Store helpers, PolicyBuilder, naming, …) are at `fc-solution-constructs/core`, for authors of new
 * patterns; the rule pack at `/lint`, the assertions at `/testing`.
 */
export * from './media-pipeline';
export * from './dispatch-system';
export * from './iot-ingest';
export * from './live-mux-cluster';
export { PropError } from './core/validation';
export type * from './core/existing';
export type { ApiRoute, HttpMethod, FcEventApi } from './core/api-gateway';
export type { FunctionSize, PatternFunction } from './core/function';
export type { ILogSink, IndexedField, LogSink, LogSinkProps } from './core/log-sink';
export type { OssTrigger } from './core/oss-trigger';
export type { BucketRef, SecureBucket, SecureBucketProps } from './core/secure-bucket';
export type { TableProps, TableRef, TableStoreInstance, TableStoreProps, TableStoreRef } from './core/table-store';
export type { Validator } from './core/validation';
