/** IOT_SETTINGS (JSON rendered by the construct) read back, with the checks the handlers rely on. */
import { minutesOfDay } from './devices/quiet-hours';
import { IOT_TABLE_KEYS, type DeviceSettings, type IotSettings } from './settings';

export function parseIotSettings(json: string | undefined): IotSettings {
  if (!json) throw new Error('IOT_SETTINGS is not set');
  const settings = JSON.parse(json) as IotSettings;
  const problems: string[] = [];
  if (!Number.isInteger(settings.maxBodyBytes) || settings.maxBodyBytes <= 0) problems.push('maxBodyBytes must be a positive integer');
  if (typeof settings.searchIndex !== 'string' || settings.searchIndex === '') problems.push('searchIndex must be an index name');
  const tables = settings.tables as Record<string, unknown> | undefined;
  if (typeof tables !== 'object' || tables === null) problems.push('tables must name every table');
  else {
    for (const t of IOT_TABLE_KEYS) if (typeof tables[t] !== 'string' || tables[t] === '') problems.push(`tables.${t} must be a table name`);
    const names = IOT_TABLE_KEYS.map((t) => tables[t]);
    if (problems.length === 0 && new Set(names).size < names.length) problems.push('tables must name each table differently');
  }
  problems.push(...deviceProblems(settings.devices));
  if (problems.length > 0) throw new Error(`IOT_SETTINGS is invalid: ${problems.join('; ')}`);
  return settings;
}

function deviceProblems(devices: DeviceSettings | undefined): string[] {
  if (typeof devices !== 'object' || devices === null) return ['devices must be an object'];
  const problems: string[] = [];
  const count = (name: keyof DeviceSettings, min: number) => {
    const v = devices[name];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) problems.push(`devices.${name} must be an integer >= ${min}`);
  };
  count('debounceSeconds', 0);
  count('minNotifyIntervalSeconds', 0);
  count('maxSendAttempts', 1);
  if (typeof devices.push?.appKey !== 'string' || !/^\d+$/.test(devices.push.appKey)) problems.push('devices.push.appKey must be digits');
  if (devices.push?.apnsEnv !== 'DEV' && devices.push?.apnsEnv !== 'PRODUCT') problems.push('devices.push.apnsEnv must be DEV or PRODUCT');
  const quiet = devices.quietHours;
  const badQuiet = quiet !== undefined && (minutesOfDay(quiet.start) === undefined || minutesOfDay(quiet.end) === undefined);
  if (badQuiet || (quiet !== undefined && !Number.isInteger(quiet.utcOffsetMinutes))) {
    problems.push('devices.quietHours must have start and end as HH:MM and an integer utcOffsetMinutes');
  }
  return problems;
}
