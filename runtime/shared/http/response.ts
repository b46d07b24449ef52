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

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): ApiGatewayResponse {
  return { isBase64Encoded: false, statusCode, headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(body) };
}

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
