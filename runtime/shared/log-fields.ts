/** Shared by the runtime (which writes these fields) and the constructs (which index them). */

/**
 * The fields the construct indexes in Log Service, fixed because the index is built from this
 * list. `error.*` are keys of the nested `error` object, named as a JSON index flattens them.
 */
export const LOG_FIELDS = [
  'time',
  'level',
  'msg',
  'requestId',
  'fn',
  'error.name',
  'error.code',
  'error.message',
] as const;
