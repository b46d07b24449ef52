/** The official event samples the local runs build their events from. */
import { existsSync } from 'node:fs';
import * as path from 'node:path';

/** test/fixtures/events in this repository: official samples, each with its source (SOURCES.md there). */
export function fixturesDir(): string {
  let dir = __dirname;
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) return path.join(dir, 'test', 'fixtures', 'events');
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the repository root (package.json) above ' + __dirname);
    dir = parent;
  }
}
