/**
 * Tablestore instance names (CreateInstance, https://www.alibabacloud.com/help/en/tablestore/developer-reference/api-tablestore-2020-12-09-createinstance):
 * 3 to 16 characters of letters, digits and hyphens, starting with a letter and not ending with a
 * hyphen; unique within a region (the endpoint is https://<instance>.<region>.ots.aliyuncs.com); and
 * none of the reserved words below anywhere in the name.
 */
export const OTS_INSTANCE_RESERVED_WORDS = ['ali', 'ay', 'ots', 'taobao', 'admin'] as const;

const SHAPE = /^[a-zA-Z][a-zA-Z0-9-]{1,14}[a-zA-Z0-9]$/;

/** Why a literal name would be rejected by CreateInstance, or undefined when it is valid. */
export function otsInstanceNameProblem(name: string): string | undefined {
  if (!SHAPE.test(name)) {
    return 'Tablestore instance names are 3-16 characters of letters, digits and hyphens, starting with a letter and ending with a letter or digit';
  }
  const reserved = OTS_INSTANCE_RESERVED_WORDS.find((word) => name.toLowerCase().includes(word));
  if (reserved) return `Tablestore instance names must not contain the reserved word "${reserved}" (${OTS_INSTANCE_RESERVED_WORDS.join(', ')})`;
  return undefined;
}
