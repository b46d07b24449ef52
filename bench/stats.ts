/** What every benchmark shares: clocks, medians, fresh node processes, temp folders and the report row. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** How many times each figure is measured; the report shows the median. */
export const RUNS = 5;

/** One line of the report. `met` is undefined for figures that have no target. */
export interface Figure {
  measure: string;
  value: string;
  target: string;
  met?: boolean;
  note?: string;
}

export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export function timeMs<T>(fn: () => T): { result: T; ms: number } {
  const started = nowMs();
  const result = fn();
  return { result, ms: nowMs() - started };
}

export async function timeMsAsync<T>(fn: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = nowMs();
  const result = await fn();
  return { result, ms: nowMs() - started };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function repeat<T>(times: number, fn: (i: number) => T): T[] {
  return Array.from({ length: times }, (_, i) => fn(i));
}

export interface NodeRun {
  status: number | null;
  stdout: string;
  stderr: string;
  /** Wall time of the whole child process, spawn to exit. */
  wallMs: number;
}

/** Runs `node <args>` in a fresh process and waits for it. */
export function runNode(args: readonly string[], env: NodeJS.ProcessEnv = process.env): NodeRun {
  const started = nowMs();
  const child = spawnSync(process.execPath, args, { env, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  const wallMs = nowMs() - started;
  if (child.error) throw child.error;
  return { status: child.status, stdout: child.stdout, stderr: child.stderr, wallMs };
}

/** The last line of a child's stdout, parsed as JSON; the error names the child's stderr tail. */
export function lastJsonLine<T>(run: NodeRun): T {
  if (run.status !== 0) throw new Error(`child exited ${run.status}: ${tail(run.stderr)}`);
  const line = run.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(line) as T;
}

/**
 * A benchmark's figures measured in a fresh process, so the heap earlier benchmarks left behind
 * (100,000 couriers, say) does not slow this one's garbage collection.
 */
export function inFreshProcess(modulePath: string, exportName: string): Figure[] {
  const script = `require(${JSON.stringify(modulePath)})[${JSON.stringify(exportName)}]().then((f) => console.log(JSON.stringify(f)))`;
  return lastJsonLine<Figure[]>(runNode(['-e', script]));
}

export function tail(text: string, lines = 3): string {
  return text.trim().split(/\r?\n/).slice(-lines).join(' | ');
}

/** A fresh folder under the OS temp dir; remove it with `removeDir`. */
export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `fsc-bench-${prefix}-`));
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

export function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`;
}

/** The root of the repository: dist/bench/ is two levels below it. */
export function repoRoot(): string {
  return path.resolve(__dirname, '..', '..');
}

/** Aligned columns: measure, value, target, status, then the note. */
export function renderTable(figures: readonly Figure[]): string {
  const rows = [
    ['measure', 'value', 'target', 'status', 'note'],
    ...figures.map((f) => [f.measure, f.value, f.target, status(f), f.note ?? '']),
  ];
  const widths = rows[0].map((_, col) => Math.max(...rows.map((r) => r[col].length)));
  const line = (r: string[]) => r.map((cell, col) => (col === 1 ? cell.padStart(widths[col]) : cell.padEnd(widths[col]))).join('  ').trimEnd();
  return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

function status(figure: Figure): string {
  if (figure.value === 'error') return 'ERROR';
  if (figure.met === undefined) return figure.target === '-' ? '' : 'n/a';
  return figure.met ? 'met' : 'MISSED';
}
