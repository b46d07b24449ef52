/** Lints every synthesized template in a cloud assembly folder (`cdk.out`) with the rule pack; the CLI's `lint`. */
import * as fs from 'node:fs';
import { isRecord } from './context';
import { Finding, formatFindings, lintTemplateDetailed } from './index';
import { SUPPRESSIONS_KEY } from './suppressions';
import { assemblyTemplates } from '../assembly-templates';

export interface LintReport {
  files: number;
  /** Unsuppressed findings, each with the template it is in. */
  findings: Array<Finding & { template: string }>;
  /** Findings a suppression silenced, each with the reason the resource gives. */
  suppressed: Array<Finding & { template: string; reason: string }>;
}

export function lintAssembly(dir: string): LintReport {
  if (!fs.existsSync(dir)) throw new Error(`no cloud assembly at ${dir}: synthesize the app first (\`ros-cdk synth\`, or run it with outdir ${dir})`);
  const templates = assemblyTemplates(dir);
  const report: LintReport = { files: templates.length, findings: [], suppressed: [] };
  for (const { file, template } of templates) {
    const result = lintTemplateDetailed(template, { templateName: file });
    report.findings.push(...result.findings.map((f) => ({ ...f, template: file })));
    for (const finding of result.suppressed) report.suppressed.push({ ...finding, template: file, reason: reasonOf(template, finding) });
  }
  return report;
}

function reasonOf(template: { Resources?: Record<string, { Metadata?: unknown }> }, finding: Finding): string {
  const metadata = template.Resources?.[finding.resource ?? '']?.Metadata;
  const entries = isRecord(metadata) && Array.isArray(metadata[SUPPRESSIONS_KEY]) ? (metadata[SUPPRESSIONS_KEY] as unknown[]) : [];
  const entry = entries.find((e) => isRecord(e) && e.id === finding.ruleId) as { reason?: unknown } | undefined;
  return String(entry?.reason ?? '');
}

/** The summary line, the findings, and (with `withSuppressed`) what was suppressed and why. */
export function formatLintReport(report: LintReport, withSuppressed = false): string {
  const errors = report.findings.filter((f) => f.severity === 'error').length;
  const warnings = report.findings.length - errors;
  const lines = [
    `lint: ${report.files} template(s), ${errors} error(s), ${warnings} warning(s), ${report.suppressed.length} suppressed with a reason`,
  ];
  // Grouped by template: a finding's logical id alone does not say which stack it is in.
  for (const file of [...new Set(report.findings.map((f) => f.template))]) {
    lines.push(`${file}:`, formatFindings(report.findings.filter((f) => f.template === file)).replace(/^/gm, '  '));
  }
  if (withSuppressed) {
    for (const s of report.suppressed) lines.push(`suppressed ${s.ruleId} ${s.resource ?? '(template)'} in ${s.template}: ${s.reason}`);
  }
  return lines.join('\n');
}
