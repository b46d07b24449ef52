/**
 * Idempotent creates: the entity id is derived from the client's idempotency key, so the same key
 * always names the same row (put with EXPECT_NOT_EXIST), and the request's hash tells a replay
 * (answered again) from a different request under the same key (refused).
 */
import { createHash } from 'node:crypto';

/** `<prefix>` + 32 hex characters of sha256(`<kind>:<key>`). */
export function idForKey(prefix: string, kind: string, idempotencyKey: string): string {
  return `${prefix}${createHash('sha256').update(`${kind}:${idempotencyKey}`).digest('hex').slice(0, 32)}`;
}

/** sha256 of the request's fields as JSON: equal for a replay, different for another request. */
export function requestHashOf(fields: Record<string, unknown>): string {
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}
