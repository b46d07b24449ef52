/**
 * Table Store facts the constructs render and the runtime relies on alike (a contract: constructs
 * may import it, and the package ships it).
 */

/**
 * How a search field is indexed, after Table Store's field types: `text` is tokenized (single-word
 * analyzer), `keyword` and `keywords` (an array) match whole values, `long` sorts.
 * https://www.alibabacloud.com/help/en/tablestore/developer-reference/fieldschema
 */
export type SearchFieldType = 'text' | 'keyword' | 'keywords' | 'long';
export type SearchSchema = Readonly<Record<string, SearchFieldType>>;

/** The bookkeeping columns of a search document row (cloud/ots-search-engine.ts): its version, and false on a tombstone. */
export const SEARCH_VERSION_COLUMN = '_version';
export const SEARCH_LIVE_COLUMN = '_live';

/** A table's stream keeps records at most 168 hours (StreamSpecification expiration_time; not changeable once set). */
export const MAX_STREAM_EXPIRATION_HOURS = 168;

export type KeyType = 'STRING' | 'INTEGER';

/** A pattern's table as its settings declare it: the base name and the primary key the construct creates it with. */
export interface TableSchema {
  readonly name: string;
  readonly primaryKey: ReadonlyArray<{ readonly name: string; readonly type: KeyType }>;
}

/** The base names as table names (what a single pattern instance, local runs and tests use), by table key. */
export function baseTableNames<K extends string>(tables: Readonly<Record<K, TableSchema>>): Record<K, string> {
  return Object.fromEntries((Object.keys(tables) as K[]).map((t) => [t, tables[t].name])) as Record<K, string>;
}
