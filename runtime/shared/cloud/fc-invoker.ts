/**
 * Invoker on Function Compute 3.0: InvokeFunction (API 2023-03-30,
 * `POST /2023-03-30/functions/{name}/invocations`, header `x-fc-invocation-type: Async`), signed
 * with ACS3-HMAC-SHA256. FC answers 202 once the event is queued; retries and the failure
 * destination are FC's async-invoke config, not this client's.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import type { FcContext } from '../context';
import { encodeInvocationPayload } from '../invocation-payload';
import type { Invoker } from '../ports';
import { percentEncode, signAcs3, type Acs3Credentials } from './acs3-signature';

export const FC_API_VERSION = '2023-03-30';

export interface FcInvokerOptions {
  /** Defaults to `https://{accountId}.{region}.fc.aliyuncs.com`. */
  endpoint?: string;
  /** Version or alias to invoke; LATEST when omitted. */
  qualifier?: string;
}

export class FcInvokeError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'FcInvokeError';
  }
}

export class FcInvoker implements Invoker {
  private readonly endpoint: URL;

  constructor(
    private readonly credentials: Acs3Credentials,
    endpoint: string,
    private readonly qualifier?: string,
  ) {
    this.endpoint = new URL(endpoint);
  }

  static fromContext(context: FcContext, options: FcInvokerOptions = {}): FcInvoker {
    const endpoint = options.endpoint ?? `https://${context.accountId}.${context.region}.fc.aliyuncs.com`;
    return new FcInvoker(context.credentials, endpoint, options.qualifier);
  }

  async invokeAsync(functionName: string, payload: unknown): Promise<void> {
    const body = encodeInvocationPayload(payload);
    const path = `/${FC_API_VERSION}/functions/${percentEncode(functionName)}/invocations`;
    const query = this.qualifier ? { qualifier: this.qualifier } : undefined;
    const headers = signAcs3(
      {
        method: 'POST',
        host: this.endpoint.host,
        path,
        query,
        headers: { 'content-type': 'application/octet-stream', 'x-fc-invocation-type': 'Async' },
        body,
        action: 'InvokeFunction',
        version: FC_API_VERSION,
      },
      this.credentials,
    );
    const search = query ? `?qualifier=${percentEncode(query.qualifier)}` : '';
    const { status, text } = await send(new URL(path + search, this.endpoint), headers, body);
    if (status >= 300) {
      let code = `HTTP${status}`;
      let message = text;
      try {
        const parsed = JSON.parse(text) as { Code?: string; code?: string; Message?: string; message?: string };
        code = parsed.Code ?? parsed.code ?? code;
        message = parsed.Message ?? parsed.message ?? text;
      } catch {
        // not JSON: keep the raw body
      }
      throw new FcInvokeError(status, code, `InvokeFunction ${functionName} failed: ${status} ${code} ${message}`);
    }
  }
}

function send(url: URL, headers: Record<string, string>, body: Buffer): Promise<{ status: number; text: string }> {
  const client = url.protocol === 'http:' ? http : https;
  return new Promise((resolve, reject) => {
    const req = client.request(url, { method: 'POST', headers: { ...headers, 'content-length': String(body.length) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.setTimeout(30_000, () => req.destroy(new Error('InvokeFunction timed out after 30s')));
    req.on('error', reject);
    req.end(body);
  });
}
