/** The notification outbox: entries written with a state change, and the notifier that delivers them. */
export { hasUnsent, OUTBOX_SIZE, outboxColumns, readOutbox, type Notification, type OutboxEntry } from './outbox-entries';
export { queueNotifier, type NotifierQueue } from './queue-notifier';
export { CLAIM_LEASE_MS, sendOutbox, type OutboxRow, type OutboxSendResult, type OutboxSenderDeps } from './send-outbox';
