import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { ProcessSample } from './bench-ipc.js';

/**
 * CPU and memory of a process we cannot ask over IPC (the peer gateway), from Linux /proc:
 * utime + stime of /proc/<pid>/stat (fields 14 and 15, in clock ticks) and VmRSS of
 * /proc/<pid>/status. See proc_pid_stat(5).
 */

let ticksPerSecond: number | null = null;

function clockTicks(): number {
  if (ticksPerSecond === null) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

export async function procSample(pid: number): Promise<ProcessSample> {
  const [stat, status] = await Promise.all([readFile(`/proc/${pid}/stat`, 'utf8'), readFile(`/proc/${pid}/status`, 'utf8')]);
  // The command name (field 2) may contain spaces and parentheses: count fields after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state), so utime (14) and stime (15) are at 11 and 12.
  const ticks = Number(fields[11]) + Number(fields[12]);
  const rssKb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? 0);
  return { cpuMicros: (ticks / clockTicks()) * 1e6, rssBytes: rssKb * 1024 };
}

/**
 * TcpExt ListenOverflows of /proc/net/netstat: connections dropped because a listen backlog was
 * full (system-wide, so it counts every listener on the machine). null where unavailable.
 */
export async function listenOverflows(): Promise<number | null> {
  try {
    const lines = (await readFile('/proc/net/netstat', 'utf8')).split('\n');
    for (let i = 0; i + 1 < lines.length; i += 2) {
      const names = (lines[i] as string).split(' ');
      if (names[0] !== 'TcpExt:') continue;
      const values = (lines[i + 1] as string).split(' ');
      const at = names.indexOf('ListenOverflows');
      return at < 0 ? null : Number(values[at]);
    }
  } catch {
    // not Linux, or /proc not mounted
  }
  return null;
}

/** "some avg60" of /proc/pressure/cpu: % of the last minute in which runnable tasks waited for a CPU. */
export function cpuPressure(): number | null {
  try {
    const match = /^some avg10=[\d.]+ avg60=([\d.]+)/m.exec(readFileSync('/proc/pressure/cpu', 'utf8'));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}
