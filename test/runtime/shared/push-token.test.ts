import { idempotentToken } from '../../../runtime/shared/push-token';

describe('idempotentToken', () => {
  it('is a 36-character UUID (version 5 layout, RFC 4122 variant), the same for the same id and different for others', () => {
    const token = idempotentToken('pk/lamp.n0');
    expect(token).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(token).toHaveLength(36);
    expect(idempotentToken('pk/lamp.n0')).toBe(token);
    expect(idempotentToken('pk/lamp.n1')).not.toBe(token);
  });
});
