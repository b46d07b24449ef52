import { createLogger, LOG_FIELDS, loggerFor } from '../../../runtime/shared/log';
import { MalformedEventError } from '../../../runtime/shared/events/malformed-event-error';

describe('structured log', () => {
  const capture = () => {
    const lines: string[] = [];
    return { lines, writer: (line: string) => lines.push(line) };
  };

  it('writes one JSON line per entry with the fixed fields first', () => {
    const { lines, writer } = capture();
    const log = createLogger({ requestId: 'r1', fn: 'planner', writer, now: () => Date.UTC(2024, 0, 2, 3, 4, 5) });
    log.info('probed\nsource', { jobId: 'j1', level: 'forged', durationMs: 12 });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('\n');
    expect(JSON.parse(lines[0])).toEqual({
      time: '2024-01-02T03:04:05.000Z',
      level: 'info',
      msg: 'probed\nsource',
      requestId: 'r1',
      fn: 'planner',
      jobId: 'j1',
      durationMs: 12,
    });
    expect(Object.keys(JSON.parse(lines[0])).slice(0, 5)).toEqual(['time', 'level', 'msg', 'requestId', 'fn']);
  });

  it('logError records error.name/code/message', () => {
    const { lines, writer } = capture();
    const log = createLogger({ requestId: 'r', fn: 'f', writer });
    log.logError(new MalformedEventError('events', 'expected an array'), 'bad event', { bucket: 'b' });
    log.logError('plain string');
    const [first, second] = lines.map((l) => JSON.parse(l));
    expect(first).toMatchObject({
      level: 'error',
      msg: 'bad event',
      bucket: 'b',
      error: { name: 'MalformedEventError', code: 'MalformedEvent', message: 'Malformed event at events: expected an array' },
    });
    expect(second.error).toEqual({ name: 'NonError', message: 'plain string' });
  });

  it('child loggers add fields; unserialisable values do not throw', () => {
    const { lines, writer } = capture();
    const circular: Record<string, unknown> = { n: 1n };
    circular.self = circular;
    createLogger({ requestId: 'r', fn: 'f', writer }).child({ jobId: 'j' }).warn('w', { circular, buf: Buffer.from('abc') });
    expect(JSON.parse(lines[0])).toMatchObject({ level: 'warn', jobId: 'j', circular: { n: '1', self: '[Circular]' }, buf: '[Buffer 3 bytes]' });
  });

  it('takes requestId and fn from the FC context', () => {
    const { lines, writer } = capture();
    const credentials = { accessKeyId: 'k', accessKeySecret: 's' };
    const context = { requestId: 'req', region: 'r', accountId: 'a', credentials, function: { name: 'fn1' } };
    loggerFor(context, writer).debug('d');
    expect(JSON.parse(lines[0])).toMatchObject({ requestId: 'req', fn: 'fn1', level: 'debug' });
  });

  it('exports the indexed field names', () => {
    expect(LOG_FIELDS).toEqual(['time', 'level', 'msg', 'requestId', 'fn', 'error.name', 'error.code', 'error.message']);
  });
});
