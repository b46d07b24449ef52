/**
 * The part of the `tablestore` 5.4.1 SDK (no TypeScript types of its own) the OTS adapter uses,
 * and the lazy load: the module is provided by the FC nodejs20 runtime and stays out of bundles.
 */

/** int64-buffer's Int64LE, which the SDK uses for INTEGER values. */
export interface SdkLong {
  toNumber(): number;
}

export type SdkValue = string | number | boolean | Buffer | SdkLong | object;
export type SdkPrimaryKey = Array<Record<string, SdkValue>>;

export interface SdkRow {
  primaryKey?: Array<{ name: string; value: SdkValue }>;
  attributes?: Array<{ columnName: string; columnValue: SdkValue; timestamp?: unknown }>;
}

export interface SdkBatchWriteRowResult {
  isOk: boolean;
  errorCode: string | null;
  errorMessage: string | null;
}

export interface TableStoreClient {
  getRow(params: object): Promise<{ row: SdkRow }>;
  putRow(params: object): Promise<unknown>;
  updateRow(params: object): Promise<{ row: SdkRow }>;
  deleteRow(params: object): Promise<unknown>;
  getRange(params: object): Promise<{ rows: SdkRow[]; nextStartPrimaryKey: Array<{ name: string; value: SdkValue }> | null }>;
  batchWriteRow(params: object): Promise<{ tables: SdkBatchWriteRowResult[] }>;
  describeTable(params: object): Promise<SdkTableDescription>;
  updateTable(params: object): Promise<unknown>;
  /** A search index query; `nextToken` is empty (or absent) on the last page. */
  search(params: object): Promise<{ rows: SdkRow[]; nextToken?: Buffer | Uint8Array | null }>;
}

/** DescribeTableResponse as the SDK decodes it (protobuf field names, camel-cased). */
export interface SdkTableDescription {
  tableOptions?: { timeToLive?: number; maxVersions?: number } | null;
  streamDetails?: { enableStream?: boolean; expirationTime?: number } | null;
}

export interface SdkColumnCondition {
  addSubCondition?(condition: SdkColumnCondition): void;
}

export interface TableStoreSdk {
  Client: new (config: object) => TableStoreClient;
  Long: { fromNumber(n: number): SdkLong };
  INF_MIN: object;
  INF_MAX: object;
  Condition: new (rowExistence: number, columnCondition: SdkColumnCondition | null) => object;
  RowExistenceExpectation: { IGNORE: number; EXPECT_EXIST: number; EXPECT_NOT_EXIST: number };
  SingleColumnCondition: new (
    column: string,
    value: SdkValue,
    comparator: number,
    passIfMissing: boolean,
    latestVersionOnly: boolean,
  ) => SdkColumnCondition;
  CompositeCondition: new (combinator: number) => SdkColumnCondition & { addSubCondition(c: SdkColumnCondition): void };
  LogicalOperator: { NOT: number; AND: number; OR: number };
  ComparatorType: {
    EQUAL: number;
    NOT_EQUAL: number;
    GREATER_THAN: number;
    GREATER_EQUAL: number;
    LESS_THAN: number;
    LESS_EQUAL: number;
  };
  ReturnType: { NONE: number; Primarykey: number; AfterModify: number };
  QueryType: { MATCH_QUERY: number; TERM_QUERY: number; BOOL_QUERY: number; MATCH_ALL_QUERY: number };
  QueryOperator: { OR: number; AND: number };
  SortOrder: { SORT_ORDER_ASC: number; SORT_ORDER_DESC: number };
  ColumnReturnType: { RETURN_ALL: number; RETURN_SPECIFIED: number; RETURN_NONE: number; RETURN_ALL_FROM_INDEX: number };
}

/** A client of one instance signed with the invocation's STS credentials. */
export function tableStoreClient(
  sdk: TableStoreSdk,
  credentials: { accessKeyId: string; accessKeySecret: string; securityToken?: string },
  target: { endpoint: string; instanceName: string },
): TableStoreClient {
  const { accessKeyId, accessKeySecret, securityToken } = credentials;
  return new sdk.Client({ accessKeyId, accessKeySecret, stsToken: securityToken, endpoint: target.endpoint, instancename: target.instanceName });
}

export function loadTableStoreSdk(): TableStoreSdk {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('tablestore') as TableStoreSdk;
}
