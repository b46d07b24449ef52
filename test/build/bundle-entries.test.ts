/** The bundle build reads the function manifests and checks them against the handler files, both ways. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findEntries } from '../../bin/build/bundle';
import { PATTERN_FUNCTIONS } from '../../runtime/manifests';

const root = path.resolve(__dirname, '..', '..');

test('every function of every manifest is one entry, with its runtime', () => {
  const entries = findEntries(root);
  const expected = Object.entries(PATTERN_FUNCTIONS).flatMap(([pattern, manifest]) => Object.values(manifest).map((s) => `${pattern}-${s.handler}`));
  expect(entries.map((e) => e.name)).toEqual([...expected].sort());
  expect(entries.find((e) => e.name === 'media-planner')?.runtime).toBe('ffmpeg');
  expect(entries.find((e) => e.name === 'dispatch-api')?.runtime).toBe('nodejs20');
});

test('a handler file no manifest names, and a manifest entry without a file, both fail the build', () => {
  const fake = fs.mkdtempSync(path.join(os.tmpdir(), 'fsc-entries-'));
  try {
    for (const [pattern, manifest] of Object.entries(PATTERN_FUNCTIONS)) {
      const dir = path.join(fake, 'runtime', pattern, 'handlers');
      fs.mkdirSync(dir, { recursive: true });
      for (const spec of Object.values(manifest)) fs.writeFileSync(path.join(dir, `${spec.handler}.ts`), '');
    }
    fs.rmSync(path.join(fake, 'runtime', 'media', 'handlers', 'failure.ts'));
    fs.writeFileSync(path.join(fake, 'runtime', 'media', 'handlers', 'stray.ts'), '');
    expect(() => findEntries(fake)).toThrow(/stray\.ts is in no function of the media manifest[\s\S]*names handler 'failure' but .*failure\.ts does not exist/);
  } finally {
    fs.rmSync(fake, { recursive: true, force: true });
  }
});
