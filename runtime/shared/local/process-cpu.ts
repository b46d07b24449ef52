/** CPU seconds used so far by the processes of this machine whose command line passes `matches` (Linux /proc). */
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second in /proc/<pid>/stat (USER_HZ). */
const TICKS = 100;

export function processCpuSeconds(matches: (cmdline: string) => boolean): number {
  let total = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (!matches(readFileSync(`/proc/${pid}/cmdline`, 'utf8'))) continue;
      // Fields after the command name: utime and stime are the 12th and 13th.
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      total += (Number(fields[11]) + Number(fields[12])) / TICKS;
    } catch {
      // gone meanwhile
    }
  }
  return total;
}
