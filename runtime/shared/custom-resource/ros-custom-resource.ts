/**
 * A ROS custom resource (ALIYUN::ROS::CustomResource whose ServiceToken is this function's ARN): ROS
 * invokes the function with `{ RequestType: Create | Update | Delete, ResponseURL, StackId,
 * RequestId, LogicalResourceId, ResourceProperties, PhysicalResourceId (Update, Delete) }` and waits
 * until a JSON answer `{ Status, Reason, PhysicalResourceId, StackId, RequestId, LogicalResourceId,
 * Data }` (at most 4096 bytes) is POSTed to ResponseURL, or its Timeout passes.
 * https://help.aliyun.com/en/ros/user-guide/custom-resource-request-objects
 * https://help.aliyun.com/document_detail/145909.html (response)
 *
 * Every request is answered, a failure included (FAILED with its reason), or the stack would hang
 * until the timeout. The physical id is the one the resource was created with, on every answer.
 */
import type { FcContext } from '../context';
import { isRecord, MalformedEventError, parseJsonEvent } from '../events/malformed-event-error';
import { parseTriggerEvent } from '../events/parse-trigger-event';
import { loggerFor, type Logger, type LogWriter } from '../log';

export type CustomResourceRequestType = 'Create' | 'Update' | 'Delete';

export interface CustomResourceRequest {
  requestType: CustomResourceRequestType;
  responseUrl: string;
  stackId: string;
  requestId: string;
  logicalResourceId: string;
  properties: Record<string, unknown>;
  physicalResourceId?: string;
}

export interface CustomResourceOutcome {
  physicalResourceId: string;
  /** Read with Fn::GetAtt. */
  data?: Record<string, string>;
}

export interface CustomResourceDeps {
  /** POSTs the answer to ROS (`fetch` in the cloud). */
  respond(url: string, body: string): Promise<void>;
  log: LogWriter;
}

/** ROS reads at most 4096 bytes of an answer. */
const MAX_RESPONSE_BYTES = 4096;
const MAX_REASON = 1000;

export function parseCustomResourceRequest(event: Buffer): CustomResourceRequest {
  const root = parseJsonEvent(event);
  if (!isRecord(root)) throw new MalformedEventError('$', 'expected a JSON object');
  const text = (name: string): string => {
    const value = root[name];
    if (typeof value !== 'string' || value === '') throw new MalformedEventError(name, 'expected a non-empty string');
    return value;
  };
  const requestType = text('RequestType');
  if (requestType !== 'Create' && requestType !== 'Update' && requestType !== 'Delete') {
    throw new MalformedEventError('RequestType', 'expected Create, Update or Delete');
  }
  const properties = root.ResourceProperties ?? {};
  if (!isRecord(properties)) throw new MalformedEventError('ResourceProperties', 'expected an object');
  const physical = root.PhysicalResourceId;
  return {
    requestType,
    responseUrl: text('ResponseURL'),
    stackId: text('StackId'),
    requestId: text('RequestId'),
    logicalResourceId: text('LogicalResourceId'),
    properties,
    ...(typeof physical === 'string' && physical !== '' ? { physicalResourceId: physical } : {}),
  };
}

/** A custom resource's handler: `act` does the work of a request and says the resource's physical id. */
export function createCustomResourceHandler(
  deps: CustomResourceDeps,
  act: (request: CustomResourceRequest, log: Logger) => Promise<CustomResourceOutcome>,
) {
  return async (event: Buffer, ctx: FcContext): Promise<{ status?: 'SUCCESS' | 'FAILED'; malformed?: string }> => {
    const log = loggerFor(ctx, deps.log);
    const parsed = parseTriggerEvent(log, 'malformed custom resource request', () => parseCustomResourceRequest(event));
    // Without a ResponseURL there is nobody to answer.
    if (!parsed.ok) return { malformed: parsed.error.message };
    const request = parsed.event;
    const requestLog = log.child({ requestType: request.requestType, logicalResourceId: request.logicalResourceId });
    let answer: Record<string, unknown>;
    try {
      const outcome = await act(request, requestLog);
      answer = { Status: 'SUCCESS', PhysicalResourceId: outcome.physicalResourceId, ...(outcome.data ? { Data: outcome.data } : {}) };
    } catch (err) {
      requestLog.logError(err, 'custom resource request failed');
      const reason = err instanceof Error ? err.message : String(err);
      // A failed Create has no resource yet: any stable id will do (ROS then deletes it with that id).
      answer = { Status: 'FAILED', Reason: reason.slice(0, MAX_REASON), PhysicalResourceId: request.physicalResourceId ?? request.logicalResourceId };
    }
    const body = JSON.stringify({ ...answer, StackId: request.stackId, RequestId: request.requestId, LogicalResourceId: request.logicalResourceId });
    if (Buffer.byteLength(body) > MAX_RESPONSE_BYTES) {
      throw new Error(`custom resource answer is ${Buffer.byteLength(body)} bytes, ROS reads ${MAX_RESPONSE_BYTES}`);
    }
    await deps.respond(request.responseUrl, body);
    requestLog.info('custom resource answered', { status: answer.Status });
    return { status: answer.Status as 'SUCCESS' | 'FAILED' };
  };
}

/** The answer as ROS's samples send it: POST, JSON, with a Date header. */
export async function postAnswer(url: string, body: string): Promise<void> {
  const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', Date: new Date().toUTCString() }, body });
  if (!res.ok) throw new Error(`ROS refused the custom resource answer: HTTP ${res.status}`);
}
