export { FunctionSize, PatternFunction, PatternFunctionProps, AsyncInvokeOptions } from './function';
export { ILogSink, LogSink, LogSinkProps, IndexedField } from './log-sink';
export { BucketRef, SecureBucket, SecureBucketProps } from './secure-bucket';
export { TableRef, Table, TableProps } from './table';
export { PolicyBuilder } from './policy';
export { PropError } from './validation';
export { NAME_RULES, childId, generatedName } from './naming';
