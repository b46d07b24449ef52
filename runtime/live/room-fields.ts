/** Request fields of the room API: an output format, a layout, a mic id, audio settings (the generic validators are in shared/http). */
import { HttpError, invalidField, type JsonObject } from '../shared/http';
import { layoutProblems, MAX_MICS, type Layout } from './layouts';
import { OUTPUT_LIMITS } from './settings';

/** Mic ids name streams (`<roomId>-<micId>`): letters, digits, underscores. */
const MIC_ID = /^[A-Za-z0-9_]{1,32}$/;

export function requiredMicId(source: Record<string, unknown>, field: string): string {
  const value = source[field];
  if (typeof value !== 'string' || !MIC_ID.test(value)) throw invalidField(field, 'must be 1-32 letters, digits or underscores');
  return value;
}

function integerIn(source: JsonObject, field: string, label: string, min: number, max: number, even = false): number {
  const value = source[field];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max || (even && value % 2 !== 0)) {
    throw invalidField(label, `must be ${even ? 'an even' : 'an'} integer from ${min} to ${max}`);
  }
  return value;
}

/** `{width, height, fps}`: even sizes (yuv420p) from 160x90 to 1920x1080, 10-60 frames a second. */
export function outputFormat(source: JsonObject, field: string, fallback: { width: number; height: number; fps: number }) {
  const value = source[field];
  if (value === undefined) return fallback;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalidField(field, 'must be {width, height, fps}');
  const o = value as JsonObject;
  return {
    width: integerIn(o, 'width', `${field}.width`, ...OUTPUT_LIMITS.width, true),
    height: integerIn(o, 'height', `${field}.height`, ...OUTPUT_LIMITS.height, true),
    fps: integerIn(o, 'fps', `${field}.fps`, ...OUTPUT_LIMITS.fps),
  };
}

/** A layout (`{preset}` or `{boxes}`) that can hold `mics` mics. */
export function layoutField(source: JsonObject, field: string, mics: number): Layout {
  const value = source[field];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalidField(field, 'must be {preset} or {boxes}');
  const layout = value as unknown as Layout;
  const problems = layoutProblems(layout, mics);
  if (problems.length > 0) throw new HttpError(400, 'invalid_field', `${field}: ${problems.join('; ')}`, field);
  return 'preset' in layout ? { preset: layout.preset } : { boxes: layout.boxes };
}

export interface AudioSetting {
  gain?: number;
  muted?: boolean;
}

/** `{<micId>: {gain?: 0-2, muted?}}`, at most MAX_MICS entries. */
export function audioSettings(source: JsonObject, field: string): Map<string, AudioSetting> {
  const value = source[field];
  const settings = new Map<string, AudioSetting>();
  if (value === undefined) return settings;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalidField(field, 'must be {<micId>: {gain, muted}}');
  const entries = Object.entries(value as JsonObject);
  if (entries.length > MAX_MICS) throw invalidField(field, `may set at most ${MAX_MICS} mics`);
  for (const [micId, raw] of entries) {
    requiredMicId({ micId }, 'micId');
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw invalidField(`${field}.${micId}`, 'must be {gain, muted}');
    const { gain, muted } = raw as JsonObject;
    if (gain !== undefined && (typeof gain !== 'number' || !(gain >= 0 && gain <= 2)))
      throw invalidField(`${field}.${micId}.gain`, 'must be a number from 0 to 2');
    if (muted !== undefined && typeof muted !== 'boolean') throw invalidField(`${field}.${micId}.muted`, 'must be true or false');
    settings.set(micId, { ...(gain !== undefined ? { gain: gain as number } : {}), ...(muted !== undefined ? { muted: muted as boolean } : {}) });
  }
  return settings;
}
