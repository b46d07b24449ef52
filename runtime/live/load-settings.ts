/** LIVE_SETTINGS (JSON rendered by the construct) and the keys secret read back, with the checks the handlers rely on. */
import { LIVE_TABLE_KEYS, type LiveKeys, type LiveSettings } from './settings';

export function parseLiveSettings(json: string | undefined): LiveSettings {
  if (!json) throw new Error('LIVE_SETTINGS is not set');
  const settings = JSON.parse(json) as LiveSettings;
  const problems: string[] = [];
  const tables = settings.tables as Record<string, unknown> | undefined;
  for (const t of LIVE_TABLE_KEYS) if (typeof tables?.[t] !== 'string' || tables[t] === '') problems.push(`tables.${t} must be a table name`);
  for (const part of ['ingest', 'play'] as const) {
    if (typeof settings[part]?.domain !== 'string' || typeof settings[part]?.app !== 'string') problems.push(`${part} must be {domain, app}`);
  }
  if (settings.signing?.convention !== 'signing-time' && settings.signing?.convention !== 'expiry-time') {
    problems.push('signing.convention must be signing-time or expiry-time');
  }
  const positive = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v > 0;
  const { slotSize, ...counts } = settings.mixer ?? ({} as LiveSettings['mixer']);
  for (const [name, value] of Object.entries(counts)) if (!positive(value)) problems.push(`mixer.${name} must be a positive integer`);
  if (!positive(slotSize?.width) || !positive(slotSize?.height) || slotSize.width % 2 || slotSize.height % 2) {
    problems.push('mixer.slotSize must be {width, height}, even numbers');
  }
  if (!positive(settings.maxBodyBytes)) problems.push('maxBodyBytes must be a positive integer');
  if (problems.length > 0) throw new Error(`LIVE_SETTINGS is invalid: ${problems.join('; ')}`);
  return settings;
}

/** The keys secret's value: `{push, play, callback}`, each a non-empty string (the message never quotes them). */
export function parseLiveKeys(secretData: string): LiveKeys {
  let parsed: unknown;
  try {
    parsed = JSON.parse(secretData);
  } catch {
    throw new Error('the keys secret is not JSON {push, play, callback}');
  }
  const keys = parsed as Partial<LiveKeys>;
  const missing = (['push', 'play', 'callback'] as const).filter((k) => typeof keys?.[k] !== 'string' || keys[k] === '');
  if (missing.length > 0) throw new Error(`the keys secret lacks ${missing.join(', ')}`);
  return { push: keys.push!, play: keys.play!, callback: keys.callback! };
}
