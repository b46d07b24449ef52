/** How an invoke payload becomes the event Buffer the target function receives (same locally and in FC). */
export function encodeInvocationPayload(payload: unknown): Buffer {
  if (Buffer.isBuffer(payload)) return Buffer.from(payload);
  if (typeof payload === 'string') return Buffer.from(payload, 'utf8');
  return Buffer.from(JSON.stringify(payload ?? null), 'utf8');
}
