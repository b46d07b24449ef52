/** This machine's processes by command line (Linux /proc): to measure their CPU, pin or kill them in local runs and tests. */
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second in /proc/<pid>/stat (USER_HZ). */
const TICKS = 100;

/** The pids whose command line passes `matches` (processes that end meanwhile are left out). */
export function processIds(matches: (cmdline: string) => boolean): number[] {
  const pids: number[] = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (matches(readFileSync(`/proc/${pid}/cmdline`, 'utf8'))) pids.push(Number(pid));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** CPU seconds used so far by the processes whose command line passes `matches`. */
export function processCpuSeconds(matches: (cmdline: string) => boolean): number {
  let total = 0;
  for (const pid of processIds(matches)) {
    try {
      // Fields after the command name: utime and stime are the 12th and 13th.
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      total += (Number(fields[11]) + Number(fields[12])) / TICKS;
    } catch {
      // gone meanwhile
    }
  }
  return total;
}
