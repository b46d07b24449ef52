import { InvalidPositionError, parsePosition } from '../../../runtime/dispatch/geo/position';

function failure(value: unknown, name?: string): InvalidPositionError {
  try {
    parsePosition(value, name);
  } catch (err) {
    if (err instanceof InvalidPositionError) return err;
    throw err;
  }
  throw new Error(`accepted ${JSON.stringify(value)}`);
}

describe('parsePosition', () => {
  it('accepts the whole range, edges included, and returns only lat and lon', () => {
    expect(parsePosition({ lat: -90, lon: 180, extra: 1 })).toEqual({ lat: -90, lon: 180 });
    expect(parsePosition({ lat: 90, lon: -180 })).toEqual({ lat: 90, lon: -180 });
  });

  it.each([
    [{ lat: 90.0001, lon: 0 }, 'position.lat'],
    [{ lat: -91, lon: 0 }, 'position.lat'],
    [{ lat: 0, lon: 180.5 }, 'position.lon'],
    [{ lat: NaN, lon: 0 }, 'position.lat'],
    [{ lat: 0, lon: Infinity }, 'position.lon'],
    [{ lat: '30', lon: 120 }, 'position.lat'],
    [{ lon: 120 }, 'position.lat'],
    [null, 'position'],
    ['30,120', 'position'],
  ])('rejects %p naming %s', (value, field) => {
    const err = failure(value);
    expect(err.field).toBe(field);
    expect(err.code).toBe('InvalidPosition');
    expect(err.message).toContain(field);
  });

  it('names the field under the name it is given, with the value and the rule', () => {
    const err = failure({ lat: 30, lon: 200 }, 'seller');
    expect(err.field).toBe('seller.lon');
    expect(err.message).toBe('seller.lon must be a finite number from -180 to 180, got 200');
  });
});
