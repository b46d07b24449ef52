#!/usr/bin/env node
/**
 * `npx fc-solution-constructs …` in a user's app: `lint [cdk.out]` runs the rule pack over the synthesized templates
 * (exit 1 on an error finding; the suppressions are listed with their reasons). Exit codes: 0 clean, 1 findings that are
 * errors, 2 a usage error or a failure to read the assembly.
 */
import { formatLintReport, lintAssembly } from './core/lint/assembly';

const USAGE = `Usage: fc-solution-constructs <command>

Commands:
  lint [dir]   lint every *.template.json in dir (default: cdk.out) with the rule pack;
               exits 1 when a finding is an error, and lists each suppression with its reason
  help         this text

Exit codes: 0 clean, 1 lint errors, 2 a usage error or an unreadable assembly.`;

export function main(args: readonly string[], out: (line: string) => void = console.log, err: (line: string) => void = console.error): number {
  const [command, ...rest] = args;
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

if (require.main === module) process.exitCode = main(process.argv.slice(2));
