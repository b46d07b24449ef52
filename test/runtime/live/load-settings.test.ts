import { parseLiveKeys, parseLiveSettings } from '../../../runtime/live/load-settings';
import { SETTINGS } from './live-harness';

describe('parseLiveSettings', () => {
  it('reads back what was rendered and names every problem at once', () => {
    expect(parseLiveSettings(JSON.stringify(SETTINGS))).toEqual(SETTINGS);
    const bad = { ...SETTINGS, tables: { rooms: 'r' }, play: { domain: 'x' }, signing: { convention: 'later' }, mixer: { idleStopSeconds: 0 } };
    expect(() => parseLiveSettings(JSON.stringify(bad))).toThrow(
      'LIVE_SETTINGS is invalid: tables.mics must be a table name; play must be {domain, app}; ' +
        'signing.convention must be signing-time or expiry-time; mixer.idleStopSeconds must be a positive integer',
    );
    expect(() => parseLiveSettings(undefined)).toThrow(/not set/);
  });
});

describe('parseLiveKeys', () => {
  it('takes {push, play, callback} and names what is missing without quoting any key', () => {
    expect(parseLiveKeys('{"push":"p","play":"q","callback":"c"}')).toEqual({ push: 'p', play: 'q', callback: 'c' });
    expect(() => parseLiveKeys('{"push":"secret-value"}')).toThrow('the keys secret lacks play, callback');
    expect(() => parseLiveKeys('secret-value')).toThrow('the keys secret is not JSON {push, play, callback}');
    expect(() => parseLiveKeys('{"push":"secret-value"}')).toThrow(expect.objectContaining({ message: expect.not.stringContaining('secret-value') }));
  });
});

describe('the mixer function', () => {
  it('logs a malformed start as one structured error and runs nothing', async () => {
    const { createMixer } = await import('../../../runtime/live/mixer-function');
    const lines: Array<Record<string, unknown>> = [];
    const mixer = createMixer({ settings: SETTINGS, log: (l: string) => lines.push(JSON.parse(l)) } as never);
    const ctx = {
      requestId: 'r',
      region: 'local',
      accountId: '0',
      credentials: { accessKeyId: 'a', accessKeySecret: 'b' },
      function: { name: 'live-mixer' },
    };
    expect(await mixer(Buffer.from('{"roomId":"nope","epoch":1}'), ctx)).toEqual({ malformed: expect.stringContaining('at roomId') });
    expect(await mixer(Buffer.from(`{"roomId":"r${'0'.repeat(32)}","epoch":0}`), ctx)).toEqual({ malformed: expect.stringContaining('at epoch') });
    expect(lines.map((l) => l.msg)).toEqual(['malformed mixer event', 'malformed mixer event']);
  });

  it('checks the mixer settings', () => {
    const bad = { ...SETTINGS, mixer: { ...SETTINGS.mixer, slotSize: { width: 321, height: 180 } } };
    expect(() => parseLiveSettings(JSON.stringify(bad))).toThrow('mixer.slotSize must be {width, height}, even numbers');
  });
});
