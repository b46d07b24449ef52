/** A body nested deeper than any request needs is a 400 naming the field, not a 500 from rendering its error. */
import { harness } from './dispatch-harness';

const DEPTH = 6_000;

describe('deeply nested JSON', () => {
  it('a coordinate nested 6,000 deep (12 KB) is a 400 that names the field', async () => {
    const h = harness({ maxBodyBytes: 16_384 });
    await h.call('POST', '/couriers/c1/status', { status: 'ONLINE' });
    const raw = `{"location":{"lat":${'['.repeat(DEPTH)}${']'.repeat(DEPTH)},"lon":120}}`;
    expect(raw.length).toBeGreaterThan(12_000);
    const reply = await h.call('POST', '/couriers/c1/location', undefined, { raw });
    expect(reply.status).toBe(400);
    expect(reply.body.error).toMatchObject({ code: 'invalid_field', field: expect.stringMatching(/^location\.lat/) });
    expect(reply.body.error.message).toContain('nested deeper than');
  });

  it('the same depth in an order body is refused the same way', async () => {
    const h = harness({ maxBodyBytes: 16_384 });
    const raw = `{"sellerId":"s1","items":${'['.repeat(DEPTH)}${']'.repeat(DEPTH)},"dropoff":{"lat":1,"lon":1},"idempotencyKey":"k"}`;
    const reply = await h.call('POST', '/orders', undefined, { raw });
    expect(reply.status).toBe(400);
    expect(reply.body.error.field).toMatch(/^items/);
  });
});
