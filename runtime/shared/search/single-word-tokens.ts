/**
 * Table Store's default analyzer for TEXT fields, single-word tokenization with its defaults
 * (case_sensitive false: letters lowercased; delimit_word false: a run of letters and digits is one
 * token), in which each Chinese (Han) character is a token of its own. The local search engine
 * tokenizes with it, so a query matches locally what it matches in the cloud.
 * https://www.alibabacloud.com/help/en/tablestore/developer-reference/singlewordanalyzerparameter
 * https://alibabacloud.com/help/en/tablestore/developer-reference/matchquery ("this is" matches "is this tablestore")
 */
const TOKEN = /\p{Script=Han}|(?:(?!\p{Script=Han})[\p{L}\p{N}\p{M}])+/gu;

export function singleWordTokens(text: string): string[] {
  return text.toLowerCase().match(TOKEN) ?? [];
}
