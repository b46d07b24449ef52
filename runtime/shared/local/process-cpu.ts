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

/** The fields of /proc/<pid>/stat after the command name (state is [0]; utime, stime, cutime, cstime are [11]-[14]). */
function statFields(pid: number | 'self'): string[] {
  return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
}

/** CPU seconds used so far by the processes whose command line passes `matches`. */
export function processCpuSeconds(matches: (cmdline: string) => boolean): number {
  let total = 0;
  for (const pid of processIds(matches)) {
    try {
      const fields = statFields(pid);
      total += (Number(fields[11]) + Number(fields[12])) / TICKS;
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

/** CPU seconds of this process's children that have ended and been waited for (cutime and cstime): a bench's ffmpeg runs. */
export function reapedChildrenCpuSeconds(): number {
  const fields = statFields('self');
  return (Number(fields[13]) + Number(fields[14])) / TICKS;
}
