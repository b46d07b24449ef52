/**
 * Responses of an API Gateway "FCEvent" backend: the function returns
 * `{ isBase64Encoded, statusCode, headers, body }` and API Gateway turns it into the HTTP response
 * (FC "Configure an API Gateway trigger", Node.js sample).
 */

export interface ApiGatewayResponse {
  isBase64Encoded: false;
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export interface ErrorBody {
  error: { code: string; message: string; field?: string } & Record<string, unknown>;
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' } as const;

/** A body that cannot be rendered (a cycle, a BigInt, nesting past the stack) answers 500 rather than throwing. */
export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): ApiGatewayResponse {
  let text: string;
  try {
    text = JSON.stringify(body);
  } catch {
    return { isBase64Encoded: false, statusCode: 500, headers: { ...JSON_HEADERS }, body: UNRENDERABLE };
  }
  return { isBase64Encoded: false, statusCode, headers: { ...JSON_HEADERS, ...headers }, body: text };
}

const UNRENDERABLE = JSON.stringify({ error: { code: 'internal_error', message: 'internal error: the response could not be rendered' } });

/** `{ error: { code, message, field?, ...details } }`; details never overwrite code, message or field. */
export function error(
  statusCode: number,
  code: string,
  message: string,
  field?: string,
  details: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): ApiGatewayResponse {
  const body: ErrorBody = { error: { ...details, code, message, ...(field === undefined ? {} : { field }) } };
  return json(statusCode, body, headers);
}
