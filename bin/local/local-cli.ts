/** The bundle's entry (dist/local/local-cli.js): `fc-solution-constructs local …` from constructs/cli.ts, with Ctrl-C as the stop. */
import { runLocalCommand } from './local-command';

export function main(args: readonly string[]): Promise<number> {
  const stopped = new Promise((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  return runLocalCommand(args, { out: (line) => console.log(line), err: (line) => console.error(line), stopped });
}
