/** The request body as a JSON object, with the size and depth limits every API applies. */
import { isRecord } from '../events/malformed-event-error';
import { HttpError } from './http-error';

export type JsonObject = Record<string, unknown>;

/**
 * Objects and arrays nested deeper than this are refused. No request needs more than a few levels,
 * and recursive code (validators, JSON.stringify in an error message) overflows the stack on a few
 * thousand, which a 16 KB body can hold.
 */
export const MAX_JSON_DEPTH = 16;

/** 413 over maxBytes. */
export function checkBodySize(body: Buffer, maxBytes: number): void {
  if (body.length > maxBytes) throw new HttpError(413, 'body_too_large', `request body is ${body.length} bytes, the limit is ${maxBytes}`);
}

/** The body as a JSON object: 413 over maxBytes, 400 when not JSON or not an object; an empty body is `{}`. */
export function readJsonBody(body: Buffer, maxBytes: number): JsonObject {
  checkBodySize(body, maxBytes);
  const text = body.toString('utf8');
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new HttpError(400, 'malformed_json', `request body is not JSON (${(err as Error).message})`);
  }
  if (!isRecord(parsed)) throw new HttpError(400, 'invalid_body', 'request body must be a JSON object');
  checkDepth(parsed);
  return parsed;
}

/** 400 naming the first field nested deeper than MAX_JSON_DEPTH; iterative, so any depth is safe to check. */
function checkDepth(root: JsonObject): void {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value: root, path: '', depth: 1 }];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const { value, path, depth } = item;
    if (typeof value !== 'object' || value === null) continue;
    if (depth > MAX_JSON_DEPTH) throw new HttpError(400, 'invalid_field', `${path} is nested deeper than ${MAX_JSON_DEPTH} levels`, path);
    for (const [key, child] of Object.entries(value)) {
      const step = Array.isArray(value) ? `[${key}]` : path === '' ? key : `.${key}`;
      stack.push({ value: child, path: `${path}${step}`, depth: depth + 1 });
    }
  }
}
