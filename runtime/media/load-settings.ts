/** MEDIA_SETTINGS (JSON rendered by the construct) read back, with the checks a handler relies on. */
import type { MediaSettings } from './settings';

export function parseMediaSettings(json: string | undefined): MediaSettings {
  if (!json) throw new Error('MEDIA_SETTINGS is not set');
  const settings = JSON.parse(json) as MediaSettings;
  const problems: string[] = [];
  if (typeof settings.inputPrefix !== 'string') problems.push('inputPrefix must be a string');
  if (!Array.isArray(settings.inputSuffixes) || settings.inputSuffixes.length === 0 || !settings.inputSuffixes.every((s) => typeof s === 'string')) {
    problems.push('inputSuffixes must be a non-empty array of strings');
  }
  if (typeof settings.outputPrefix !== 'string' || settings.outputPrefix === '') problems.push('outputPrefix must be a non-empty string');
  if (!Array.isArray(settings.ladder) || settings.ladder.length === 0) problems.push('ladder must have at least one rung');
  if (settings.packaging !== 'hls' && settings.packaging !== 'mp4') problems.push('packaging must be hls or mp4');
  if (!(settings.segmentSeconds > 0)) problems.push('segmentSeconds must be positive');
  if (!(settings.stageDeadlineSeconds > 0)) problems.push('stageDeadlineSeconds must be positive');
  if (problems.length > 0) throw new Error(`MEDIA_SETTINGS is invalid: ${problems.join('; ')}`);
  return settings;
}
