/** Synthesizes the example app and reads back what it wrote, for the CLI and the benchmarks. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildApp } from './app';

export interface SynthesizedStack {
  name: string;
  file: string;
  template: { Resources?: Record<string, { Type: string }> } & Record<string, unknown>;
  bytes: number;
}

export function synthExampleApp(outdir: string): { stacks: SynthesizedStack[]; ms: number } {
  const started = process.hrtime.bigint();
  const assembly = buildApp(outdir).synth();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const stacks = assembly.stacks.map((s) => {
    const file = path.join(outdir, s.templateFile);
    return { name: s.stackName, file, template: s.template, bytes: fs.statSync(file).size };
  });
  return { stacks, ms };
}

/** Resource counts by type, sorted by type. */
export function resourcesByType(template: SynthesizedStack['template']): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const r of Object.values(template.Resources ?? {})) counts.set(r.Type, (counts.get(r.Type) ?? 0) + 1);
  return [...counts.entries()].sort(([a], [b]) => a.localeCompare(b));
}
