import { MalformedEventError } from '../../../../runtime/shared/events/malformed-event-error';
import { parseTriggerEvent } from '../../../../runtime/shared/events/parse-trigger-event';
import { createLogger } from '../../../../runtime/shared/log';

function logger() {
  const lines: Array<Record<string, unknown>> = [];
  return { lines, log: createLogger({ requestId: 'r', fn: 'f', writer: (line) => lines.push(JSON.parse(line)) }) };
}

describe('parseTriggerEvent', () => {
  it('returns the parsed event and logs nothing', () => {
    const { lines, log } = logger();
    expect(parseTriggerEvent(log, 'malformed x', () => 42)).toEqual({ ok: true, event: 42 });
    expect(lines).toEqual([]);
  });

  it('turns a malformed payload into one structured error line and a malformed result', () => {
    const { lines, log } = logger();
    const parsed = parseTriggerEvent(log, 'malformed x', () => {
      throw new MalformedEventError('orderId', 'expected a string');
    }, { eventBytes: 3 });
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error.path).toBe('orderId');
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'error',
        msg: 'malformed x',
        eventBytes: 3,
        error: { name: 'MalformedEventError', code: 'MalformedEvent', message: 'Malformed event at orderId: expected a string' },
      }),
    ]);
  });

  it('lets every other error through', () => {
    const { lines, log } = logger();
    expect(() => parseTriggerEvent(log, 'malformed x', () => {
      throw new Error('disk');
    })).toThrow('disk');
    expect(lines).toEqual([]);
  });
});
