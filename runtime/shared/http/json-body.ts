/** The request body as a JSON object, with the size limit every API applies. */
import { isRecord } from '../events/malformed-event-error';
import { HttpError } from './http-error';

export type JsonObject = Record<string, unknown>;

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
  return parsed;
}
