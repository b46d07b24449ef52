import { LocalSearchEngine } from '../../../../runtime/shared/local/local-search-engine';
import { singleWordTokens } from '../../../../runtime/shared/search/single-word-tokens';
import { describeSearchEngineContract } from '../search-engine-contract';

describeSearchEngineContract('LocalSearchEngine', (schema) => new LocalSearchEngine(schema));

describe('single-word tokens', () => {
  it('lowercases, keeps letter-digit runs whole, and gives every Han character its own token', () => {
    expect(singleWordTokens('Hello, IoT-Device42 在北京!')).toEqual(['hello', 'iot', 'device42', '在', '北', '京']);
    expect(singleWordTokens('café naïve')).toEqual(['café', 'naïve']);
    expect(singleWordTokens('...')).toEqual([]);
  });
});

describe('LocalSearchEngine', () => {
  it('refuses a cursor it did not give', async () => {
    const engine = new LocalSearchEngine({ text: 'text', createdAt: 'long' });
    await expect(engine.search({ sortBy: 'createdAt', limit: 10, cursor: 'bm9wZQ' })).rejects.toThrow(/cursor/);
  });

  it('takes at most maxBatch changes a call', async () => {
    const engine = new LocalSearchEngine({ createdAt: 'long' });
    const changes = Array.from({ length: engine.maxBatch + 1 }, (_, i) => ({ id: `p${i}`, version: 1 }));
    await expect(engine.apply(changes)).rejects.toThrow(/at most 200/);
  });
});
