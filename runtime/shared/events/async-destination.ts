/**
 * The payload Function Compute 3.0 sends to an async invocation's destination (documented at
 * https://help.aliyun.com/zh/functioncompute/user-guide/result-callback ; official sample in
 * test/fixtures/events/fc3-async-destination.json). Both directions live here so the
 * LocalInvoker emits exactly what the parser accepts.
 */
import { isRecord, MalformedEventError, parseJsonEvent } from './malformed-event-error';

export interface AsyncDestinationPayload {
  /** Invocation time, epoch ms. */
  timestamp: number;
  requestContext: {
    requestId: string;
    /** FC 3.0: `acs:fc:{region}:{accountId}:functions/{name}`. */
    functionArn: string;
    /** Error code, e.g. FunctionResourceExhausted. */
    condition: string;
    /** Executions so far; above 1 means FC retried. */
    approximateInvokeCount: number;
  };
  /** The original event, as a string. */
  requestPayload: string;
  responseContext: { statusCode: number; functionError: string };
  /** What the function returned; for a thrown error the runtime's `{errorMessage, errorType, stackTrace}` JSON. */
  responsePayload: string;
}

export interface AsyncInvocationFailure {
  requestId: string;
  functionArn: string;
  functionName: string;
  condition: string;
  attempts: number;
  originalEvent: Buffer;
  errorMessage: string;
  errorType: string;
}

export function parseAsyncDestinationEvent(event: Buffer | string): AsyncInvocationFailure {
  const root = parseJsonEvent(event);
  if (!isRecord(root)) throw new MalformedEventError('$', 'expected a JSON object');
  const context = root.requestContext;
  if (!isRecord(context)) throw new MalformedEventError('requestContext', 'expected an object');
  const requestId = stringAt(context.requestId, 'requestContext.requestId', true);
  const functionArn = stringAt(context.functionArn, 'requestContext.functionArn', true);
  const condition = stringAt(context.condition, 'requestContext.condition', false);
  const attempts = context.approximateInvokeCount;
  if (typeof attempts !== 'number' || !Number.isInteger(attempts) || attempts < 0) {
    throw new MalformedEventError('requestContext.approximateInvokeCount', 'expected a non-negative integer');
  }
  const requestPayload = stringAt(root.requestPayload, 'requestPayload', false);
  const response = isRecord(root.responseContext) ? root.responseContext : {};
  const functionError = typeof response.functionError === 'string' ? response.functionError : '';
  const responsePayload = typeof root.responsePayload === 'string' ? root.responsePayload : '';
  const reported = runtimeError(responsePayload);
  return {
    requestId,
    functionArn,
    functionName: functionNameFromArn(functionArn),
    condition,
    attempts,
    // The docs call it the original payload as a string; binary events are not covered (unverified).
    originalEvent: Buffer.from(requestPayload, 'utf8'),
    errorMessage: reported?.errorMessage || responsePayload || functionError || condition,
    errorType: reported?.errorType || functionError || condition,
  };
}

export interface DestinationPayloadInput {
  timestamp: number;
  requestId: string;
  region: string;
  accountId: string;
  functionName: string;
  condition: string;
  attempts: number;
  event: Buffer;
  functionError: string;
  error: unknown;
}

/** What FC 3.0 sends after the last failed attempt of a function that threw. */
export function buildAsyncDestinationPayload(input: DestinationPayloadInput): AsyncDestinationPayload {
  const err = input.error instanceof Error ? input.error : new Error(String(input.error));
  return {
    timestamp: input.timestamp,
    requestContext: {
      requestId: input.requestId,
      functionArn: `acs:fc:${input.region}:${input.accountId}:functions/${input.functionName}`,
      condition: input.condition,
      approximateInvokeCount: input.attempts,
    },
    requestPayload: input.event.toString('utf8'),
    responseContext: { statusCode: 200, functionError: input.functionError },
    // The shape the nodejs runtime reports for a thrown error (FC "Error handling" page for Node.js).
    responsePayload: JSON.stringify({
      errorMessage: err.message,
      errorType: err.name,
      stackTrace: (err.stack ?? '').split('\n'),
    }),
  };
}

/** `acs:fc:cn-hangzhou:123:functions/f` (FC 3.0) or `acs:fc:::services/s/functions/f` (FC 2.0) → `f`. */
export function functionNameFromArn(arn: string): string {
  const match = /functions\/([^/]+)/.exec(arn);
  return match ? match[1] : arn;
}

function stringAt(value: unknown, path: string, nonEmpty: boolean): string {
  if (typeof value !== 'string' || (nonEmpty && value === '')) {
    throw new MalformedEventError(path, nonEmpty ? 'expected a non-empty string' : 'expected a string');
  }
  return value;
}

function runtimeError(responsePayload: string): { errorMessage?: string; errorType?: string } | undefined {
  try {
    const parsed: unknown = JSON.parse(responsePayload);
    if (!isRecord(parsed)) return undefined;
    return {
      errorMessage: typeof parsed.errorMessage === 'string' ? parsed.errorMessage : undefined,
      errorType: typeof parsed.errorType === 'string' ? parsed.errorType : undefined,
    };
  } catch {
    return undefined;
  }
}
