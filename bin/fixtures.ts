/** The official event samples the local runs build their events from. */
import { existsSync } from 'node:fs';
import * as path from 'node:path';

/** shared/fixtures/events next to the repository (design: official samples live in ../shared/fixtures). */
export function fixturesDir(): string {
  let dir = __dirname;
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) return path.join(dir, '..', 'shared', 'fixtures', 'events');
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the repository root (package.json) above ' + __dirname);
    dir = parent;
  }
}
