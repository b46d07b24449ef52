import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { createApiFunction, HttpError, json, requiredId, routerFor, type Endpoint } from '../../../../runtime/shared/http';

const SAMPLE = JSON.parse(readFileSync(path.resolve(__dirname, '../../../fixtures/events/apigw-request.json'), 'utf8'));
const ROUTES = [
  { name: 'GetItem', method: 'GET', path: '/items/{id}' },
  { name: 'PutItem', method: 'POST', path: '/items' },
] as const;

const getItem: Endpoint<unknown> = async ({ params }) => json(200, { params });
const putItem: Endpoint<unknown> = async ({ body }) => {
  const input = body();
  if (input.fail === 'refuse') throw new HttpError(409, 'taken', 'item exists', 'itemId', { currentState: 'X' });
  if (input.fail === 'crash') throw new Error('boom');
  return json(201, { itemId: requiredId(input, 'itemId') });
};

function api() {
  const lines: Array<Record<string, unknown>> = [];
  const handler = createApiFunction({
    router: routerFor(ROUTES, { GetItem: getItem, PutItem: putItem }),
    deps: {},
    logWriter: (line) => lines.push(JSON.parse(line)),
    maxBodyBytes: 64,
  });
  const credentials = { accessKeyId: 'k', accessKeySecret: 's' };
  const ctx = { requestId: 'r1', region: 'local', accountId: '0', credentials, function: { name: 'api' } };
  const call = async (event: Record<string, unknown> | string) => {
    const reply = await handler(Buffer.from(typeof event === 'string' ? event : JSON.stringify(event)), ctx);
    return { status: reply.statusCode, headers: reply.headers, body: JSON.parse(reply.body) };
  };
  return { call, lines };
}

const event = (method: string, urlPath: string, changes: Record<string, unknown> = {}) => ({
  ...SAMPLE,
  httpMethod: method,
  path: urlPath,
  isBase64Encoded: false,
  body: '',
  ...changes,
});

describe('API function skeleton', () => {
  it("takes API Gateway's pathParameters over the path, even where they differ in case and encoding", async () => {
    const reply = await api().call(event('GET', '/items/ABC%2D1', { pathParameters: { id: 'abc-1' } }));
    expect(reply).toMatchObject({ status: 200, body: { params: { id: 'abc-1' } } });
  });

  it('parses the path when the event carries no pathParameters', async () => {
    const { pathParameters: _none, ...withoutParameters } = event('GET', '/items/ABC%2D1');
    expect((await api().call(withoutParameters)).body.params).toEqual({ id: 'ABC-1' });
    expect((await api().call(event('GET', '/items/x%20y', { pathParameters: {} }))).body.params).toEqual({ id: 'x y' });
  });

  it('answers 404 and 405 (with Allow) by the declared routes', async () => {
    const { call } = api();
    expect((await call(event('GET', '/menus'))).body.error.code).toBe('route_not_found');
    const wrong = await call(event('DELETE', '/items'));
    expect(wrong).toMatchObject({ status: 405, headers: { allow: 'POST' }, body: { error: { code: 'method_not_allowed', allowed: ['POST'] } } });
  });

  it('limits and parses the JSON body', async () => {
    const { call } = api();
    expect((await call(event('POST', '/items', { body: JSON.stringify({ itemId: 'x'.repeat(80) }) }))).status).toBe(413);
    // The limit holds for endpoints that never read the body, too.
    expect((await call(event('GET', '/items/a', { body: 'y'.repeat(80) }))).status).toBe(413);
    expect((await call(event('POST', '/items', { body: '{"itemId":' }))).body.error.code).toBe('malformed_json');
    expect((await call(event('POST', '/items', { body: '[1]' }))).body.error.code).toBe('invalid_body');
    expect((await call(event('POST', '/items', { body: '{"itemId":"a"}' }))).status).toBe(201);
  });

  it('maps thrown errors to { error: { code, message, field } } and logs them', async () => {
    const { call, lines } = api();
    const refused = await call(event('POST', '/items', { body: '{"fail":"refuse"}' }));
    expect(refused).toMatchObject({ status: 409, body: { error: { code: 'taken', message: 'item exists', field: 'itemId', currentState: 'X' } } });
    expect((await call(event('POST', '/items', { body: '{"itemId":5}' }))).body.error).toMatchObject({ code: 'invalid_field', field: 'itemId' });
    const crashed = await call(event('POST', '/items', { body: '{"fail":"crash"}' }));
    expect(crashed).toMatchObject({ status: 500, body: { error: { code: 'internal_error' } } });
    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      ['info', 'request refused'],
      ['info', 'request refused'],
      ['error', 'request failed'],
    ]);
    expect(lines[2]).toMatchObject({ method: 'POST', path: '/items', error: { message: 'boom' } });
  });

  it('answers a malformed event with 400 and one error line', async () => {
    const { call, lines } = api();
    expect(await call('not json')).toMatchObject({ status: 400, body: { error: { code: 'malformed_event', field: '$' } } });
    const malformedLine = { level: 'error', msg: 'malformed API Gateway event', error: expect.objectContaining({ code: 'MalformedEvent' }) };
    expect(lines).toEqual([expect.objectContaining(malformedLine)]);
  });
});
