/**
 * Tablestore instance naming rule, from the CreateInstance API reference
 * (https://www.alibabacloud.com/help/en/tablestore/developer-reference/api-tablestore-2020-12-09-createinstance):
 * letters, digits and hyphens; starts with a letter; does not end with a hyphen; case-insensitive; 3 to 16 characters;
 * "cannot contain the following words: ali, ay, ots, taobao, and admin".
 * Shared by the constructs' prop validation and the template linter, so it knows nothing of either.
 */

export const OTS_INSTANCE_RESERVED_WORDS: readonly string[] = ['ali', 'ay', 'ots', 'taobao', 'admin'];

/** Why `name` cannot be a Tablestore instance name, or undefined if it can. */
export function otsInstanceNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 16) return `is ${name.length} characters long; Tablestore instance names are 3 to 16 characters`;
  if (!/^[A-Za-z0-9-]+$/.test(name)) return 'may contain only letters, digits and hyphens';
  if (!/^[A-Za-z]/.test(name)) return 'must start with a letter';
  if (name.endsWith('-')) return 'must not end with a hyphen';
  // The API reference says "contain", and names are case-insensitive: "MyAliases" is refused as well as "ali".
  const word = OTS_INSTANCE_RESERVED_WORDS.find((w) => name.toLowerCase().includes(w));
  if (word) return `contains the reserved word "${word}" (Tablestore refuses ${OTS_INSTANCE_RESERVED_WORDS.join(', ')} anywhere in a name)`;
  return undefined;
}
