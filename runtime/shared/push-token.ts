/**
 * Mobile Push's IdempotentToken for a notification: Push and MassPush accept it (added 2025-01-16,
 * alibabacloud-go/push-20160801 ChangeLog 2.0.11), and repeats of one token within 15 minutes push
 * only once; the token is a 36-character UUID (PushV2, https://help.aliyun.com/document_detail/2986003.html;
 * the same semantics on the 2016-08-01 actions are inferred). Derived from the notification's stable id,
 * so every retry of the same send carries the same token. It does not guard concurrent calls: the
 * outbox's claim does.
 */
import { createHash } from 'node:crypto';

/** A name-based UUID (version 5 layout, SHA-256 instead of SHA-1) of `id`. */
export function idempotentToken(id: string): string {
  const hex = createHash('sha256').update(`fsc-push:${id}`).digest('hex').slice(0, 32).split('');
  hex[12] = '5';
  hex[16] = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
