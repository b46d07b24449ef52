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
