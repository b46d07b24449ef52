import { parseIotSettings } from '../../../runtime/iot/load-settings';
import { LOCAL_IOT_SETTINGS } from '../../../runtime/iot/local-content';

describe('parseIotSettings', () => {
  it('reads back what was rendered', () => {
    expect(parseIotSettings(JSON.stringify(LOCAL_IOT_SETTINGS))).toEqual(LOCAL_IOT_SETTINGS);
  });

  it('names every problem at once', () => {
    const bad = { ...LOCAL_IOT_SETTINGS, maxBodyBytes: 0, searchIndex: '', tables: { ...LOCAL_IOT_SETTINGS.tables, deadLetters: '' } };
    expect(() => parseIotSettings(JSON.stringify(bad))).toThrow(
      'IOT_SETTINGS is invalid: maxBodyBytes must be a positive integer; searchIndex must be an index name; tables.deadLetters must be a table name',
    );
    const shared = { ...LOCAL_IOT_SETTINGS, tables: { ...LOCAL_IOT_SETTINGS.tables, posts: 't', searchDocs: 't' } };
    expect(() => parseIotSettings(JSON.stringify(shared))).toThrow(/each table differently/);
    expect(() => parseIotSettings(undefined)).toThrow(/not set/);
  });

  it('checks the device settings', () => {
    const devices = {
      debounceSeconds: -1,
      minNotifyIntervalSeconds: 1.5,
      maxSendAttempts: 0,
      push: { appKey: 'key', apnsEnv: 'TEST' },
      quietHours: { start: '25:00', end: '07:00', utcOffsetMinutes: 480 },
    };
    expect(() => parseIotSettings(JSON.stringify({ ...LOCAL_IOT_SETTINGS, devices }))).toThrow(
      'IOT_SETTINGS is invalid: devices.debounceSeconds must be an integer >= 0; devices.minNotifyIntervalSeconds must be an integer >= 0; ' +
        'devices.maxSendAttempts must be an integer >= 1; devices.push.appKey must be digits; devices.push.apnsEnv must be DEV or PRODUCT; ' +
        'devices.quietHours must have start and end as HH:MM and an integer utcOffsetMinutes',
    );
  });
});
