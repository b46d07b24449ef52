/**
 * Which Mobile Push API sends a set of notifications in the fewest calls, within its limits:
 * - Push: one content to up to 1,000 DEVICE, ACCOUNT or ALIAS targets, comma-separated
 *   (https://help.aliyun.com/document_detail/48089.html; limits https://help.aliyun.com/document_detail/92832.html);
 * - MassPush: up to 100 tasks a call, each its own target list and content, at most 10,000 targets
 *   across the call's tasks (https://help.aliyun.com/document_detail/434778.html);
 * - a notice's Title and Body (and extra parameters) at most 1,800 bytes of UTF-8 on every platform (92832).
 * Notifications with the same content are one task (split every 1,000 targets); tasks are packed
 * into MassPush calls; a call that would hold a single task is a Push.
 */
import type { PushRequest } from './ports';

export const PUSH_MAX_TARGETS = 1000;
export const MASS_PUSH_MAX_TASKS = 100;
export const MASS_PUSH_MAX_TARGETS = 10_000;
export const PUSH_MAX_PAYLOAD_BYTES = 1800;

export type PushTargetType = 'DEVICE' | 'ACCOUNT' | 'ALIAS';

/** One recipient's notification. */
export interface PushNotice {
  target: PushTargetType;
  recipient: string;
  title: string;
  body: string;
  extParameters?: Record<string, string>;
}

export type PushCall = { api: 'Push'; request: PushRequest } | { api: 'MassPush'; tasks: PushRequest[] };

export interface PushPlan {
  calls: PushCall[];
  /** Notices no API would accept (their payload is over PUSH_MAX_PAYLOAD_BYTES), with why. */
  refused: Array<{ notice: PushNotice; reason: string }>;
}

/** The bytes a notice's content counts against PUSH_MAX_PAYLOAD_BYTES. */
export function payloadBytes(notice: Pick<PushNotice, 'title' | 'body' | 'extParameters'>): number {
  const ext = notice.extParameters ? JSON.stringify(notice.extParameters) : '';
  return Buffer.byteLength(notice.title) + Buffer.byteLength(notice.body) + Buffer.byteLength(ext);
}

export function planPushCalls(notices: readonly PushNotice[]): PushPlan {
  const refused: PushPlan['refused'] = [];
  // Same target type and content: one task, its recipients in first-seen order, each once.
  const groups = new Map<string, { request: Omit<PushRequest, 'targetValue'>; recipients: Set<string> }>();
  for (const notice of notices) {
    if (notice.recipient === '' || notice.recipient.includes(',')) {
      refused.push({ notice, reason: 'a recipient is one non-empty id without commas (TargetValue is comma-separated)' });
      continue;
    }
    const bytes = payloadBytes(notice);
    if (bytes > PUSH_MAX_PAYLOAD_BYTES) {
      refused.push({ notice, reason: `title, body and extra parameters are ${bytes} bytes; Mobile Push takes ${PUSH_MAX_PAYLOAD_BYTES}` });
      continue;
    }
    const key = JSON.stringify([notice.target, notice.title, notice.body, notice.extParameters ?? null]);
    const { target, title, body, extParameters } = notice;
    const group = groups.get(key) ?? {
      request: { target, title, body, ...(extParameters ? { extParameters } : {}) },
      recipients: new Set<string>(),
    };
    group.recipients.add(notice.recipient);
    groups.set(key, group);
  }
  const tasks: PushRequest[] = [];
  for (const { request, recipients } of groups.values()) {
    const all = [...recipients];
    for (let i = 0; i < all.length; i += PUSH_MAX_TARGETS) {
      tasks.push({ ...request, targetValue: all.slice(i, i + PUSH_MAX_TARGETS).join(',') });
    }
  }
  const calls: PushCall[] = packPushTasks(tasks).map((call) =>
    call.api === 'Push' ? { api: 'Push', request: tasks[call.indices[0]] } : { api: 'MassPush', tasks: call.indices.map((i) => tasks[i]) },
  );
  return { calls, refused };
}

/**
 * Push tasks (each one content to at most PUSH_MAX_TARGETS comma-separated targets) packed into calls, in order:
 * MassPush calls of up to MASS_PUSH_MAX_TASKS tasks and MASS_PUSH_MAX_TARGETS targets, a lone task as a Push.
 * Each call names the tasks it carries by their index.
 */
export function packPushTasks(tasks: readonly PushRequest[]): Array<{ api: 'Push' | 'MassPush'; indices: number[] }> {
  const calls: Array<{ api: 'Push' | 'MassPush'; indices: number[] }> = [];
  let batch: number[] = [];
  let targets = 0;
  const flush = () => {
    if (batch.length > 0) calls.push({ api: batch.length === 1 ? 'Push' : 'MassPush', indices: batch });
    batch = [];
    targets = 0;
  };
  tasks.forEach((task, i) => {
    const count = task.targetValue.split(',').length;
    if (batch.length === MASS_PUSH_MAX_TASKS || targets + count > MASS_PUSH_MAX_TARGETS) flush();
    batch.push(i);
    targets += count;
  });
  flush();
  return calls;
}
