import { parseApiGatewayEvent } from '../../../runtime/shared/events/apigw';
import { MalformedEventError } from '../../../runtime/shared/events/malformed-event-error';
import { error, json } from '../../../runtime/shared/http/response';
import { APIGW_SAMPLE } from './dispatch-harness';

const variant = (change: (event: any) => void) => {
  const event = JSON.parse(APIGW_SAMPLE.toString());
  change(event);
  return Buffer.from(JSON.stringify(event));
};

describe('parseApiGatewayEvent', () => {
  it('parses the official sample', () => {
    const request = parseApiGatewayEvent(APIGW_SAMPLE);
    expect(request).toMatchObject({
      method: 'GET',
      path: '/',
      pathParameters: {},
      queryParameters: {},
      gatewayRequestId: '619CCFCB-404F-4C89-B590-7A814A7C4A31',
    });
    expect(request.body).toEqual(Buffer.alloc(0));
    expect(request.headers['ca-host']).toBe('6f6543b4ff354955a3d2ba0475c49999-cn-hangzhou.alicloudapi.com');
  });

  it('decodes a Base64 body and keeps a plain one', () => {
    expect(parseApiGatewayEvent(variant((e) => (e.body = Buffer.from('{"a":"é"}').toString('base64')))).body.toString()).toBe('{"a":"é"}');
    expect(parseApiGatewayEvent(variant((e) => Object.assign(e, { isBase64Encoded: false, body: '{"a":1}' }))).body.toString()).toBe('{"a":1}');
    expect(parseApiGatewayEvent(variant((e) => Object.assign(e, { isBase64Encoded: 'false', body: 'x' }))).body.toString()).toBe('x');
  });

  it('reads path and query parameters', () => {
    const request = parseApiGatewayEvent(
      variant((e) => Object.assign(e, { httpMethod: 'post', path: '/orders/o1/accept', pathParameters: { id: 'o1' }, queryParameters: { page: 2 } })),
    );
    expect(request).toMatchObject({ method: 'POST', path: '/orders/o1/accept', pathParameters: { id: 'o1' }, queryParameters: { page: '2' } });
  });

  it.each([
    ['not JSON', Buffer.from('nope'), '$'],
    ['an array', Buffer.from('[]'), '$'],
    ['no httpMethod', variant((e) => delete e.httpMethod), 'httpMethod'],
    ['path not absolute', variant((e) => (e.path = 'orders')), 'path'],
    ['headers not an object', variant((e) => (e.headers = 'x')), 'headers'],
    ['a header that is an object', variant((e) => (e.headers.X = { a: 1 })), 'headers.X'],
    ['body not a string', variant((e) => (e.body = { a: 1 })), 'body'],
    ['isBase64Encoded not a boolean', variant((e) => (e.isBase64Encoded = 'yes')), 'isBase64Encoded'],
    ['Base64 body that is not Base64', variant((e) => (e.body = '{"a":1}')), 'body'],
  ])('rejects %s', (_title, event, path) => {
    try {
      parseApiGatewayEvent(event);
    } catch (err) {
      expect(err).toBeInstanceOf(MalformedEventError);
      expect((err as MalformedEventError).path).toBe(path);
      return;
    }
    throw new Error('expected MalformedEventError');
  });
});

describe('http response', () => {
  it('answers in API Gateway format', () => {
    expect(json(201, { a: 1 })).toEqual({
      isBase64Encoded: false,
      statusCode: 201,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: '{"a":1}',
    });
    expect(JSON.parse(error(400, 'invalid_field', 'lat is bad', 'lat').body)).toEqual({
      error: { code: 'invalid_field', message: 'lat is bad', field: 'lat' },
    });
    expect(JSON.parse(error(409, 'x', 'm', undefined, { code: 'hijack', currentState: 'DELIVERED' }).body)).toEqual({
      error: { code: 'x', message: 'm', currentState: 'DELIVERED' },
    });
  });
});
