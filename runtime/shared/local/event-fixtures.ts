/** The official event samples the local runs build their events from. */
import { existsSync } from 'node:fs';
import * as path from 'node:path';

/**
 * test/fixtures/events in this repository: official samples, each with its source (SOURCES.md there); in the
 * installed package, their copy beside the local CLI's bundle (dist/local/events, made by the build).
 */
export function fixturesDir(): string {
  let dir = __dirname;
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) {
      const inRepo = path.join(dir, 'test', 'fixtures', 'events');
      return existsSync(inRepo) ? inRepo : path.join(dir, 'dist', 'local', 'events');
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the repository root (package.json) above ' + __dirname);
    dir = parent;
  }
}
