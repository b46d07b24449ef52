/** Lints every synthesized template in a cloud assembly folder with the library's rule pack. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Finding, formatFindings, lintTemplateDetailed } from '../constructs/core/lint';

export interface LintReport {
  files: number;
  findings: Finding[];
  suppressed: number;
}

export function lintAssembly(dir: string): LintReport {
  if (!fs.existsSync(dir)) throw new Error(`no cloud assembly at ${dir}: run \`npm run synth\` first`);
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.template.json')).sort();
  const report: LintReport = { files: files.length, findings: [], suppressed: 0 };
  for (const file of files) {
    const template: unknown = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    const result = lintTemplateDetailed(template, { templateName: file });
    report.findings.push(...result.findings);
    report.suppressed += result.suppressed.length;
  }
  return report;
}

export function formatLintReport(report: LintReport): string {
  const errors = report.findings.filter((f) => f.severity === 'error').length;
  const warnings = report.findings.length - errors;
  const head = `lint: ${report.files} template(s), ${errors} error(s), ${warnings} warning(s), ${report.suppressed} suppressed with a reason`;
  return report.findings.length ? `${head}\n${formatFindings(report.findings)}` : head;
}
