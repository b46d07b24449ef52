/**
 * A media run's progress from the functions' own log lines (the same structured lines Log Service gets):
 * what the planner probed and planned, each part as it finishes, the job's end, and every warning or error.
 * A heartbeat says the run is alive while a long part transcodes.
 */
import type { LogWriter } from '../../runtime/shared/log';

export interface MediaProgress {
  log: LogWriter;
  stop(): void;
}

interface Entry {
  level?: string;
  msg?: string;
  part?: string;
  parts?: string[];
  source?: { width?: number; height?: number; durationSeconds?: number; videoCodec?: string };
  /** How many chunks a long source is cut into (0: rendered whole). */
  chunks?: number;
  durationMs?: number;
  reason?: unknown;
  error?: { message?: string };
}

export function mediaProgress(print: (line: string) => void, heartbeatMs = 5000, now: () => number = Date.now): MediaProgress {
  const started = now();
  let planned: string[] = [];
  const done = new Set<string>();
  let lastPrinted = started;
  const say = (line: string) => {
    lastPrinted = now();
    print(`[${((lastPrinted - started) / 1000).toFixed(1).padStart(6)} s] ${line}`);
  };
  const timer = setInterval(() => {
    if (now() - lastPrinted < heartbeatMs) return;
    say(planned.length > 0 ? `transcoding: ${done.size}/${planned.length} parts done` : 'probing the source');
  }, heartbeatMs);
  timer.unref();
  return {
    log(line) {
      let entry: Entry;
      try {
        entry = JSON.parse(line) as Entry;
      } catch {
        return;
      }
      if (entry.msg === 'source probed' && entry.source) {
        const s = entry.source;
        const chunks = entry.chunks ? `, cut into ${entry.chunks} chunks at its key frames` : '';
        say(`probed ${s.width}x${s.height} ${s.videoCodec ?? ''} ${(s.durationSeconds ?? 0).toFixed(1)} s${chunks}`);
      } else if (entry.msg === 'job planned' && entry.parts) {
        planned = entry.parts;
        say(`planned ${planned.length} parts: ${planned.join(', ')}`);
      } else if (entry.msg === 'part done' && entry.part) {
        done.add(entry.part);
        say(`part ${entry.part} done in ${((entry.durationMs ?? 0) / 1000).toFixed(1)} s (${done.size}/${planned.length || '?'})`);
      } else if (entry.msg === 'job done') {
        say('job done: outputs published');
      } else if (entry.level === 'warn' || entry.level === 'error') {
        const detail = entry.error?.message ?? (entry.reason === undefined ? '' : String(entry.reason));
        say(`${entry.level}: ${entry.msg}${detail ? ` (${detail})` : ''}`);
      }
    },
    stop: () => clearInterval(timer),
  };
}
