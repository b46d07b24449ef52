/**
 * ApsaraVideo Live's stream callbacks (publish / publish_done), as the callback function receives them:
 * an HTTP GET whose query carries `action`, `ip`, `id` (the stream), `app` (the ingest domain), `appname`,
 * `time`, `usrargs` (the push URL's own query, auth_key included) and `node`
 * (https://www.alibabacloud.com/help/doc-detail/54787.htm; a captured request in the tests). With callback
 * authentication on, headers `ALI-LIVE-TIMESTAMP` and `ALI-LIVE-SIGNATURE = md5("{ingest domain}|{timestamp}|{key}")`
 * (https://help.aliyun.com/en/live/developer-reference/usage-notes-for-callback-authentication).
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export type StreamAction = 'publish' | 'publish_done';

export interface StreamCallback {
  action: StreamAction;
  /** The stream name (`id`). */
  stream: string;
  appName: string;
  /** The ingest domain (`app`). */
  domain: string;
  /** Unix seconds the service stamped. */
  time: number;
  /** The push URL's query (`usrargs`), parsed. */
  userArgs: Record<string, string>;
  ip?: string;
  node?: string;
}

export class CallbackRejectedError extends Error {
  readonly code = 'CallbackRejected';

  constructor(
    /** Which field or header is wrong. */
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field} ${reason}`);
    this.name = 'CallbackRejectedError';
  }
}

export function callbackSignature(domain: string, timestamp: string, key: string): string {
  return createHash('md5').update(`${domain}|${timestamp}|${key}`).digest('hex');
}

export interface CallbackCheck {
  /** The ingest domain the signature is computed over. */
  domain: string;
  key: string;
  nowMs: number;
  /** How old (or how far ahead) ALI-LIVE-TIMESTAMP may be. */
  maxSkewSeconds: number;
}

/** The signature headers checked (header names compared case-insensitively); throws CallbackRejectedError. */
export function checkCallbackSignature(headers: Record<string, string | undefined>, check: CallbackCheck): void {
  const header = (name: string) => Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1];
  const timestamp = header('ali-live-timestamp');
  const signature = header('ali-live-signature');
  if (!timestamp || !/^\d{1,12}$/.test(timestamp)) throw new CallbackRejectedError('ALI-LIVE-TIMESTAMP', 'is missing or not Unix seconds');
  if (!signature || !/^[0-9a-fA-F]{32}$/.test(signature)) throw new CallbackRejectedError('ALI-LIVE-SIGNATURE', 'is missing or not an md5 hex');
  const skew = Math.abs(Math.floor(check.nowMs / 1000) - Number(timestamp));
  if (skew > check.maxSkewSeconds) throw new CallbackRejectedError('ALI-LIVE-TIMESTAMP', `is ${skew} s from now (at most ${check.maxSkewSeconds})`);
  const expected = Buffer.from(callbackSignature(check.domain, timestamp, check.key), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(signature.toLowerCase(), 'hex'))) {
    throw new CallbackRejectedError('ALI-LIVE-SIGNATURE', 'does not match');
  }
}

/** The callback's query parsed; throws CallbackRejectedError naming the field. */
export function parseStreamCallback(query: Record<string, string | undefined>): StreamCallback {
  const action = query.action;
  if (action !== 'publish' && action !== 'publish_done') throw new CallbackRejectedError('action', 'must be publish or publish_done');
  const required = (name: string) => {
    const value = query[name];
    if (!value) throw new CallbackRejectedError(name, 'is missing');
    return value;
  };
  const time = Number(required('time'));
  if (!Number.isSafeInteger(time)) throw new CallbackRejectedError('time', 'is not Unix seconds');
  return {
    action,
    stream: required('id'),
    appName: required('appname'),
    domain: required('app'),
    time,
    userArgs: userArgs(query),
    ...(query.ip ? { ip: query.ip } : {}),
    ...(query.node ? { node: query.node } : {}),
  };
}

/**
 * The push URL's query. Whether the service URL-encodes `usrargs` is not documented: the captured request
 * shows it raw (`usrargs=vhost=…&auth_key=…`), so its auth_key then lands beside it at the top level.
 */
function userArgs(query: Record<string, string | undefined>): Record<string, string> {
  const args = Object.fromEntries(new URLSearchParams(query.usrargs ?? ''));
  if (args.auth_key === undefined && query.auth_key) args.auth_key = query.auth_key;
  return args;
}
