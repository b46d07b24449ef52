import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  buildAsyncDestinationPayload,
  functionNameFromArn,
  parseAsyncDestinationEvent,
} from '../../../../runtime/shared/events/async-destination';
import { MalformedEventError } from '../../../../runtime/shared/events/malformed-event-error';

const sample = readFileSync(path.join(__dirname, '../../../fixtures/events/fc3-async-destination.json'));

describe('parseAsyncDestinationEvent', () => {
  it('parses the official FC 3.0 sample', () => {
    expect(parseAsyncDestinationEvent(sample)).toEqual({
      requestId: 'xxx',
      functionArn: 'acs:fc:{regionid}:{accountid}:functions/xxxx',
      functionName: 'xxxx',
      condition: 'FunctionResourceExhausted',
      attempts: 3,
      originalEvent: Buffer.alloc(0),
      errorMessage: 'FunctionResourceExhausted',
      errorType: 'FunctionResourceExhausted',
    });
  });

  it('reads the runtime error JSON from responsePayload and the original event from requestPayload', () => {
    const payload = JSON.parse(sample.toString());
    payload.requestPayload = '{"events":[1]}';
    payload.responseContext.functionError = 'UnhandledInvocationError';
    payload.responsePayload = JSON.stringify({ errorMessage: 'oops', errorType: 'TypeError', stackTrace: [] });
    const failure = parseAsyncDestinationEvent(JSON.stringify(payload));
    expect(failure.originalEvent.toString()).toBe('{"events":[1]}');
    expect(failure).toMatchObject({ errorMessage: 'oops', errorType: 'TypeError' });
  });

  it('round-trips what buildAsyncDestinationPayload writes', () => {
    const error = new RangeError('bad range');
    const payload = buildAsyncDestinationPayload({
      timestamp: 1,
      requestId: 'r-1',
      region: 'cn-hangzhou',
      accountId: '123',
      functionName: 'transcode',
      condition: 'UnhandledInvocationError',
      attempts: 4,
      event: Buffer.from('{"a":1}'),
      functionError: 'UnhandledInvocationError',
      error,
    });
    expect(Object.keys(payload)).toEqual(Object.keys(JSON.parse(sample.toString())));
    expect(Object.keys(payload.requestContext)).toEqual(Object.keys(JSON.parse(sample.toString()).requestContext));
    expect(parseAsyncDestinationEvent(JSON.stringify(payload))).toEqual({
      requestId: 'r-1',
      functionArn: 'acs:fc:cn-hangzhou:123:functions/transcode',
      functionName: 'transcode',
      condition: 'UnhandledInvocationError',
      attempts: 4,
      originalEvent: Buffer.from('{"a":1}'),
      errorMessage: 'bad range',
      errorType: 'RangeError',
    });
  });

  it.each([
    ['not JSON', 'nope', '$'],
    ['no requestContext', '{}', 'requestContext'],
    ['no requestId', JSON.stringify({ requestContext: { functionArn: 'a', condition: '', approximateInvokeCount: 1 } }), 'requestContext.requestId'],
    [
      'count not a number',
      JSON.stringify({ requestContext: { requestId: 'r', functionArn: 'a', condition: '', approximateInvokeCount: '3' }, requestPayload: '' }),
      'requestContext.approximateInvokeCount',
    ],
    [
      'no requestPayload',
      JSON.stringify({ requestContext: { requestId: 'r', functionArn: 'a', condition: '', approximateInvokeCount: 1 } }),
      'requestPayload',
    ],
  ])('rejects %s', (_title, text, expectedPath) => {
    expect(() => parseAsyncDestinationEvent(text)).toThrow(MalformedEventError);
    try {
      parseAsyncDestinationEvent(text);
    } catch (err) {
      expect((err as MalformedEventError).path).toBe(expectedPath);
    }
  });

  it('takes the function name from FC 3.0 and FC 2.0 ARNs', () => {
    expect(functionNameFromArn('acs:fc:cn-hangzhou:1:functions/f1')).toBe('f1');
    expect(functionNameFromArn('acs:fc:::services/s/functions/f2')).toBe('f2');
  });
});
