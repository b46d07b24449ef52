/**
 * The event an FC 3.0 `mns_topic` trigger delivers, reduced to the message body it carries
 * (FC "MNS topic triggers", event formats; samples in test/fixtures/events/mns-topic-*):
 * - notifyContentFormat JSON: `{TopicOwner, Message, Subscriber, PublishTime, SubscriptionName, MessageMD5,
 *   TopicName, MessageId}`, message attributes merged at the top level;
 * - STREAM (the default): the raw body, or `{body, attrs}` when the message has attributes.
 * Both are accepted, so a trigger configured either way reaches the same handler.
 */
import { isRecord, MalformedEventError } from './malformed-event-error';

export interface MnsTopicMessage {
  body: string;
  /** MNS's MessageId (JSON format only): the same message re-delivered keeps it. */
  messageId?: string;
  /** Epoch ms the topic accepted it (JSON format only). */
  publishTime?: number;
}

export function parseMnsTopicEvent(event: Buffer | string): MnsTopicMessage {
  const text = Buffer.isBuffer(event) ? event.toString('utf8') : event;
  if (text.trim() === '') throw new MalformedEventError('$', 'empty MNS message');
  const root = tryJson(text);
  if (isRecord(root) && typeof root.TopicName === 'string' && 'Message' in root) {
    if (typeof root.Message !== 'string') throw new MalformedEventError('Message', 'expected the message body as a string');
    return {
      body: root.Message,
      ...(typeof root.MessageId === 'string' ? { messageId: root.MessageId } : {}),
      ...(typeof root.PublishTime === 'number' ? { publishTime: root.PublishTime } : {}),
    };
  }
  if (isRecord(root) && typeof root.body === 'string' && isRecord(root.attrs) && Object.keys(root).length === 2) return { body: root.body };
  return { body: text };
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
