/** IOT_SETTINGS (JSON rendered by the construct) read back, with the checks the handlers rely on. */
import { IOT_TABLE_KEYS, type IotSettings } from './settings';

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
  if (problems.length > 0) throw new Error(`IOT_SETTINGS is invalid: ${problems.join('; ')}`);
  return settings;
}
