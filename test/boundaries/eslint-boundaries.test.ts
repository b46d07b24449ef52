/** The import boundaries of eslint.config.js can fail: each rule on a line that breaks it, and on one that keeps it. */
import * as path from 'node:path';
import { Linter } from 'eslint';

const root = path.resolve(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const config = require(path.join(root, 'eslint.config.js')) as Linter.Config[];
const linter = new Linter({ configType: 'flat', cwd: root });

async function problems(file: string, code: string): Promise<string[]> {
  return linter.verify(code, config, { filename: path.join(root, file) }).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('import boundaries', () => {
  test.each([
    ['constructs/media-pipeline/x.ts', "import { planRenditions } from '../../runtime/media/ladder';\n", /constructs ship without the runtime/],
    ['constructs/core/x.ts', "import { x } from '../../bin/app';\n", /constructs ship without the runtime/],
    ['runtime/media/x.ts', "import { x } from '../dispatch/orders';\n", /runtime\/media holds its own domain/],
    ['runtime/media/handlers/x.ts', "import { x } from '../../../constructs/core/naming';\n", /runtime\/media holds its own domain/],
    ['runtime/shared/x.ts', "import { x } from '../media/jobs';\n", /runtime\/shared is what every pattern shares/],
    ['bench/x.ts', "import { x } from '../bin/app';\n", /bench measures the library/],
  ])('%s: %s is refused', async (file, code, message) => {
    expect(await problems(file, code)).toEqual([expect.stringMatching(message)]);
  });

  test.each([
    ['constructs/media-pipeline/x.ts', "import { MEDIA_ENV } from '../../runtime/media/settings';\n"],
    ['constructs/core/x.ts', "import { LOG_FIELDS } from '../../runtime/shared/log-fields';\n"],
    ['runtime/media/x.ts', "import { probe } from '../shared/ffmpeg';\n"],
    ['bench/x.ts', "import { x } from '../runtime/media/ladder';\n"],
  ])('%s: %s is allowed', async (file, code) => {
    expect(await problems(file, code)).toEqual([]);
  });

  test('lines longer than 150 characters are refused', async () => {
    expect(await problems('runtime/media/x.ts', `export const x = ${'1 + '.repeat(40)}1;\n`)).toEqual([expect.stringMatching(/^max-len/)]);
  });
});
