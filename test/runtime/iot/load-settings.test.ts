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
    const shared = { ...LOCAL_IOT_SETTINGS, tables: { posts: 't', searchDocs: 't', deadLetters: 'd' } };
    expect(() => parseIotSettings(JSON.stringify(shared))).toThrow(/each table differently/);
    expect(() => parseIotSettings(undefined)).toThrow(/not set/);
  });
});
