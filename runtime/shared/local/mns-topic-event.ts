/**
 * The event an FC 3.0 MNS topic trigger (notifyContentFormat JSON, as the construct configures it)
 * sends for one published message: the official sample (test/fixtures/events/mns-topic-json.json)
 * with its fields rewritten. The local runs and tests deliver device messages with it.
 */
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fixturesDir } from './event-fixtures';

let sample: Record<string, unknown> | undefined;

export interface PublishedMessage {
  topicName: string;
  body: string;
  publishTime: number;
  messageId?: string;
}

export function mnsTopicEvent(message: PublishedMessage): Buffer {
  sample ??= JSON.parse(readFileSync(path.join(fixturesDir(), 'mns-topic-json.json'), 'utf8')) as Record<string, unknown>;
  const event = {
    ...sample,
    Message: message.body,
    MessageMD5: createHash('md5').update(message.body).digest('hex').toUpperCase(),
    MessageId: message.messageId ?? randomUUID().replace(/-/g, '').toUpperCase(),
    PublishTime: message.publishTime,
    TopicName: message.topicName,
  };
  return Buffer.from(JSON.stringify(event));
}
