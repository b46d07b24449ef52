#!/usr/bin/env node
/**
 * `npx fc-solution-constructs …` in a user's app:
 * - `lint [cdk.out]` runs the rule pack over the synthesized templates (exit 1 on an error finding; the suppressions are
 *   listed with their reasons; 2 a usage error or a failure to read the assembly);
 * - `local <pattern>` runs a pattern's functions on this machine with the settings of the user's synthesized template
 *   (bin/local/local-command.ts, shipped as the dist/local/local-cli.js bundle and loaded only for this command).
 */
import * as path from 'node:path';
import { formatLintReport, lintAssembly } from './core/lint/assembly';

const USAGE = `Usage: fc-solution-constructs <command>

Commands:
  lint [dir]         lint every *.template.json in dir (default: cdk.out) with the rule pack;
                     exits 1 when a finding is an error, and lists each suppression with its reason
  local <pattern>    run a pattern's functions on this machine with your synthesized settings:
                     media <file>, dispatch, iot or live (local --help for its options)
  help               this text

Exit codes: 0 clean, 1 lint errors (lint) or a failed run (local), 2 a usage error or an unreadable assembly.`;

/** The local runs' bundle: the runtime and its local adapters, which the construct library itself does not load. */
const LOCAL_CLI = path.join(__dirname, '..', 'local', 'local-cli.js');

export async function main(
  args: readonly string[],
  out: (line: string) => void = console.log,
  err: (line: string) => void = console.error,
): Promise<number> {
  const [command, ...rest] = args;
  if (command === 'local') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a path the build writes, loaded only by this command
    const local = require(LOCAL_CLI) as { main(args: readonly string[]): Promise<number> };
    return local.main(rest);
  }
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    out(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command === 'lint') {
    if (rest.includes('--help') || rest.includes('-h')) {
      out(USAGE);
      return 0;
    }
    if (rest.length > 1) {
      err(`lint takes one folder, got ${rest.length}: ${rest.join(' ')}\n\n${USAGE}`);
      return 2;
    }
    try {
      const report = lintAssembly(rest[0] ?? 'cdk.out');
      out(formatLintReport(report, true));
      return report.findings.some((f) => f.severity === 'error') ? 1 : 0;
    } catch (e) {
      err(`lint: ${(e as Error).message}`);
      return 2;
    }
  }
  err(`unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
  return 2;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (e: unknown) => {
      console.error(e instanceof Error ? (e.stack ?? e.message) : e);
      process.exitCode = 1;
    },
  );
}
