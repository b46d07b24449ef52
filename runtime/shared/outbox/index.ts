/** The notification outbox: entries written with a state change, the notifier that delivers them, and the due markers that find lost ones. */
export { hasUnsent, isUnsent, OUTBOX_SIZE, outboxColumns, outboxSize, readOutbox, type Notification, type OutboxEntry } from './outbox-entries';
export { queueNotifier, type NotifierQueue } from './queue-notifier';
export { CLAIM_LEASE_MS, sendOutbox, type OutboxRow, type OutboxSendResult, type OutboxSenderDeps } from './send-outbox';
export { DUE_GRACE_MS, DUE_SETTLE_MS, markDue, resendDue } from './outbox-due';
export type { DueOutboxes, OutboxDue, ResendDueDeps, ResendDueResult } from './outbox-due';
