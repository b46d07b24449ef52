/**
 * The event an FC 3.0 HTTP trigger sends for a request: the official sample
 * (test/fixtures/events/fc3-http-trigger-event.json) with every field rewritten. Local runs and tests
 * deliver HTTP callbacks (ApsaraVideo Live's publish notifications) with it.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fixturesDir } from './event-fixtures';

let sample: Record<string, unknown> | undefined;

export interface HttpTriggerCall {
  method: string;
  /** Path and query, e.g. `/?action=publish&id=s`. */
  url: string;
  headers: Record<string, string>;
  body?: Buffer;
  sourceIp?: string;
  time: number;
}

export function httpTriggerEvent(call: HttpTriggerCall): Buffer {
  sample ??= JSON.parse(readFileSync(path.join(fixturesDir(), 'fc3-http-trigger-event.json'), 'utf8')) as Record<string, unknown>;
  const url = new URL(call.url, 'http://trigger.local');
  const context = sample.requestContext as Record<string, unknown>;
  const event = {
    ...sample,
    rawPath: url.pathname,
    headers: call.headers,
    queryParameters: Object.fromEntries(url.searchParams),
    body: (call.body ?? Buffer.alloc(0)).toString('base64'),
    isBase64Encoded: true,
    requestContext: {
      ...context,
      time: new Date(call.time).toISOString(),
      timeEpoch: String(call.time),
      http: {
        ...(context.http as Record<string, unknown>),
        method: call.method,
        path: url.pathname,
        sourceIp: call.sourceIp ?? '127.0.0.1',
      },
    },
  };
  return Buffer.from(JSON.stringify(event));
}
