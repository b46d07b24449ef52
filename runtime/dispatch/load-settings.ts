/** DISPATCH_SETTINGS (JSON rendered by the construct) read back, with the checks the handlers rely on. */
import { DISPATCH_TABLE_KEYS, type DispatchSettings } from './settings';

const POSITIVE_INTEGERS = [
  'cellPrecision',
  'maxRings',
  'offerSize',
  'offerTtlSeconds',
  'maxOfferRounds',
  'locationMaxAgeSeconds',
  'defaultCourierCapacity',
  'maxBodyBytes',
  'maxSendAttempts',
] as const;

export function parseDispatchSettings(json: string | undefined): DispatchSettings {
  if (!json) throw new Error('DISPATCH_SETTINGS is not set');
  const settings = JSON.parse(json) as DispatchSettings;
  const problems: string[] = [];
  for (const name of POSITIVE_INTEGERS) {
    const value = settings[name];
    if (!Number.isInteger(value) || value <= 0) problems.push(`${name} must be a positive integer`);
  }
  if (!(typeof settings.loadPenaltyMeters === 'number' && settings.loadPenaltyMeters >= 0))
    problems.push('loadPenaltyMeters must be a non-negative number');
  if (!settings.push || typeof settings.push.appKey !== 'string' || !/^\d+$/.test(settings.push.appKey)) problems.push('push.appKey must be a numeric string');
  if (settings.push && settings.push.apnsEnv !== 'DEV' && settings.push.apnsEnv !== 'PRODUCT') problems.push('push.apnsEnv must be DEV or PRODUCT');
  problems.push(...tableProblems(settings.tables));
  if (problems.length > 0) throw new Error(`DISPATCH_SETTINGS is invalid: ${problems.join('; ')}`);
  return settings;
}

/** A name for every table, and no two tables under one name (they would share rows). */
function tableProblems(tables: DispatchSettings['tables'] | undefined): string[] {
  if (typeof tables !== 'object' || tables === null) return ['tables must name every table'];
  const problems = DISPATCH_TABLE_KEYS.filter((t) => typeof tables[t] !== 'string' || tables[t] === '')
    .map((t) => `tables.${t} must be a table name`);
  const names = DISPATCH_TABLE_KEYS.map((t) => tables[t]);
  if (problems.length === 0 && new Set(names).size < names.length) problems.push('tables must name each table differently');
  return problems;
}
