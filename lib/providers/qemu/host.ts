// What the QEMU driver reads from the host: whether a VM's process lives (by pid file, checked against /proc so a
// reused pid or a zombie never counts), its CPU time and memory, and small file helpers.
import fs from 'node:fs';

/** Parses /proc/<pid>/stat: state, and user+system CPU time in clock ticks (fields 3, 14, 15). */
export function parseProcStat(stat: string): { state: string; cpuTicks: number } | null {
  // The command name (field 2) is in parentheses and may contain spaces: split after the last ')'.
  const close = stat.lastIndexOf(')');
  if (close < 0) return null;
  const f = stat.slice(close + 2).split(' ');
  const utime = Number(f[11]);
  const stime = Number(f[12]);
  if (!f[0] || !Number.isFinite(utime) || !Number.isFinite(stime)) return null;
  return { state: f[0], cpuTicks: utime + stime };
}

/** The pid in `pidFile` if that process is alive (not a zombie) and its command line names `marker`. */
export function livePid(pidFile: string, marker: string): number | null {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(pidFile, 'utf8').trim());
  } catch {
    return null;
  }
  if (!Number.isInteger(pid) || pid <= 1) return null;
  try {
    const st = parseProcStat(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
    if (!st || st.state === 'Z' || st.state === 'X') return null;
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker) ? pid : null;
  } catch {
    return null;
  }
}

/** Resident memory of a process in bytes (VmRSS), or null when it is gone. */
export function rssBytes(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

export function cpuTicks(pid: number): number | null {
  try {
    return parseProcStat(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'))?.cpuTicks ?? null;
  } catch {
    return null;
  }
}

export function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

/** The bytes of `file` from `offset` on, as text ('' when missing). */
export function readFrom(file: string, offset: number): string {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return '';
  }
  try {
    const size = fs.fstatSync(fd).size;
    if (size <= offset) return '';
    const buf = Buffer.alloc(size - offset);
    fs.readSync(fd, buf, 0, buf.length, offset);
    return buf.toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
}

/** Writes a file atomically (a crash leaves the old content or the new, never half). */
export function writeAtomic(file: string, content: string, mode = 0o644): void {
  fs.writeFileSync(`${file}.tmp`, content, { mode });
  fs.renameSync(`${file}.tmp`, file);
}

