/** Quiet hours: a daily window (local time at a fixed UTC offset) in which transitions wait. */
import type { QuietHours } from '../settings';

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;
const DAY_MS = 86_400_000;

export function minutesOfDay(text: string): number | undefined {
  const m = HH_MM.exec(text);
  return m ? Number(m[1]) * 60 + Number(m[2]) : undefined;
}

/** When the quiet window holding `now` ends (epoch ms), or undefined when `now` is outside it. Windows may cross midnight. */
export function quietUntil(now: number, quiet: QuietHours | undefined): number | undefined {
  if (!quiet) return undefined;
  const start = minutesOfDay(quiet.start);
  const end = minutesOfDay(quiet.end);
  if (start === undefined || end === undefined || start === end) return undefined;
  const offsetMs = quiet.utcOffsetMinutes * 60_000;
  const local = now + offsetMs;
  const dayStart = Math.floor(local / DAY_MS) * DAY_MS;
  const minute = (local - dayStart) / 60_000;
  const inside = start < end ? minute >= start && minute < end : minute >= start || minute < end;
  if (!inside) return undefined;
  const endToday = dayStart + end * 60_000;
  const endLocal = endToday > local ? endToday : endToday + DAY_MS;
  return endLocal - offsetMs;
}
