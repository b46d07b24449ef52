import { quietUntil } from '../../../runtime/iot/devices/quiet-hours';

const at = (hhmm: string, offsetMinutes = 0) => Date.parse(`2024-06-01T${hhmm}:00.000Z`) - offsetMinutes * 60_000;

describe('quietUntil', () => {
  const night = { start: '22:00', end: '07:00', utcOffsetMinutes: 480 };

  it('is undefined outside the window and without one', () => {
    expect(quietUntil(at('12:00', 480), night)).toBeUndefined();
    expect(quietUntil(at('07:00', 480), night)).toBeUndefined();
    expect(quietUntil(at('03:00'), undefined)).toBeUndefined();
  });

  it('ends the same night for a window crossing midnight, in local time', () => {
    expect(quietUntil(at('23:30', 480), night)).toBe(at('07:00', 480) + 86_400_000);
    expect(quietUntil(at('22:00', 480), night)).toBe(at('07:00', 480) + 86_400_000);
    expect(quietUntil(at('06:59', 480), night)).toBe(at('07:00', 480));
  });

  it('handles a daytime window and negative offsets', () => {
    const lunch = { start: '12:00', end: '13:30', utcOffsetMinutes: -300 };
    expect(quietUntil(at('12:15', -300), lunch)).toBe(at('13:30', -300));
    expect(quietUntil(at('13:30', -300), lunch)).toBeUndefined();
  });
});
