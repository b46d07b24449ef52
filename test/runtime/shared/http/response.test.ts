import { error, json, readJsonBody, MAX_JSON_DEPTH } from '../../../../runtime/shared/http';

describe('responses and bodies that would not render', () => {
  it('a body JSON.stringify cannot render answers 500 instead of throwing', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const reply = error(409, 'taken', 'item exists', 'itemId', { cyclic });
    expect(reply.statusCode).toBe(500);
    expect(JSON.parse(reply.body)).toEqual({ error: { code: 'internal_error', message: expect.any(String) } });
    expect(json(200, { ok: 1n }).statusCode).toBe(500);
  });

  it(`a body nested past ${MAX_JSON_DEPTH} levels is a 400 naming the path where it got too deep`, () => {
    const at = (depth: number) => Buffer.from(`{"a":{"b":${'['.repeat(depth)}${']'.repeat(depth)}}}`);
    expect(() => readJsonBody(at(MAX_JSON_DEPTH - 2), 100_000)).not.toThrow();
    expect(() => readJsonBody(at(MAX_JSON_DEPTH - 1), 100_000)).toThrow(
      expect.objectContaining({ status: 400, field: `a.b${'[0]'.repeat(MAX_JSON_DEPTH - 2)}` }),
    );
  });
});
