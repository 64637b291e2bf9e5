/**
 * Reading one process's own CPU time and RSS from /proc, so server figures exclude the harness.
 */
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

let clockTicks = 100;
try {
  clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
} catch {
  // Linux's USER_HZ is 100 nearly everywhere.
}

export interface ProcSample {
  /** utime + stime of all threads, in microseconds (resolution 1/CLK_TCK s). */
  cpuUs: number;
  /** Resident set size in kB (VmRSS). */
  rssKb: number;
  /** Wall clock (ms) when sampled. */
  at: number;
}

export function sampleProc(pid: number): ProcSample {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which may itself contain spaces and parentheses.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // rest[0] is field 3 (state); utime is field 14, stime field 15.
  const utime = Number(rest[11]);
  const stime = Number(rest[12]);
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /VmRSS:\s+(\d+)\s+kB/.exec(status);
  return {
    cpuUs: ((utime + stime) * 1e6) / clockTicks,
    rssKb: m ? Number(m[1]) : 0,
    at: performance.now(),
  };
}

/** Samples RSS in the background to catch the peak between explicit samples. */
export class RssWatcher {
  peakKb = 0;
  readonly curve: { t: number; rssKb: number }[] = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly t0 = performance.now();

  constructor(private readonly pid: number, private readonly everyMs = 250) {}

  start(): this {
    this.timer = setInterval(() => this.tick(), this.everyMs);
    this.timer.unref();
    this.tick();
    return this;
  }

  tick(): void {
    try {
      const s = sampleProc(this.pid);
      if (s.rssKb > this.peakKb) this.peakKb = s.rssKb;
      this.curve.push({ t: s.at - this.t0, rssKb: s.rssKb });
    } catch {
      // The process exited; the caller notices elsewhere.
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

/** Median of a few RSS samples taken `gapMs` apart: one sample can land mid-GC. */
export async function settledRss(pid: number, samples = 5, gapMs = 400): Promise<number> {
  const values: number[] = [];
  for (let i = 0; i < samples; i++) {
    values.push(sampleProc(pid).rssKb);
    if (i < samples - 1) await new Promise((r) => setTimeout(r, gapMs));
  }
  values.sort((a, b) => a - b);
  return values[Math.floor(values.length / 2)] ?? 0;
}

/** Busy CPU time of the whole machine in microseconds (all cores), from /proc/stat. */
export function machineBusyUs(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal
  const busy = (v[0] ?? 0) + (v[1] ?? 0) + (v[2] ?? 0) + (v[5] ?? 0) + (v[6] ?? 0) + (v[7] ?? 0);
  return (busy * 1e6) / clockTicks;
}

/**
 * The kernel's count of connections dropped because a listen queue was full (TcpExt
 * ListenOverflows, machine-wide). A dropped SYN is retried by the client after 1 s, 3 s, 7 s…,
 * which is what turns a slow accept loop into multi-second connect times in a connect storm.
 */
export function listenOverflows(): number {
  try {
    const lines = readFileSync('/proc/net/netstat', 'utf8').split('\n');
    for (let i = 0; i + 1 < lines.length; i += 2) {
      const names = (lines[i] ?? '').trim().split(/\s+/);
      const values = (lines[i + 1] ?? '').trim().split(/\s+/);
      if (names[0] !== 'TcpExt:') continue;
      const k = names.indexOf('ListenOverflows');
      return k > 0 ? Number(values[k]) : 0;
    }
  } catch {
    // not Linux
  }
  return 0;
}

/**
 * Samples the state of a process's main thread (its event loop) every few ms: S = sleeping (idle,
 * waiting for events), R = running or waiting for a CPU, D = uninterruptible wait, which for a
 * Node server almost always means synchronous disk I/O (fsync, a write stalled on writeback).
 * CPU time alone cannot show a loop that is blocked in the kernel; this can.
 */
export class ThreadStateSampler {
  private readonly counts = { S: 0, R: 0, D: 0, other: 0 };
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly pid: number, private readonly everyMs = 5) {}

  start(): this {
    this.timer = setInterval(() => {
      try {
        const st = readFileSync(`/proc/${this.pid}/task/${this.pid}/stat`, 'utf8');
        const state = st[st.lastIndexOf(')') + 2];
        if (state === 'S' || state === 'R' || state === 'D') this.counts[state]++;
        else this.counts.other++;
      } catch {
        // exited
      }
    }, this.everyMs);
    return this;
  }

  stop(): { idlePct: number; runPct: number; diskPct: number } {
    if (this.timer) clearInterval(this.timer);
    const c = this.counts;
    const n = Math.max(1, c.S + c.R + c.D + c.other);
    return { idlePct: (c.S / n) * 100, runPct: (c.R / n) * 100, diskPct: (c.D / n) * 100 };
  }
}
