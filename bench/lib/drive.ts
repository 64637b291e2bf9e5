/**
 * Steady load: every client edits at a fixed rate (optionally with a cursor update after each edit)
 * from one shared timer, while the server's CPU, RSS and main-thread state are sampled over the
 * measured window.
 */
import type { BenchClient, EditTracker } from './client.js';
import { machineBusyUs, RssWatcher, ThreadStateSampler } from './proc.js';
import type { ServerProcess } from './servers.js';
import { sleep } from './stats.js';

export interface DriveOptions {
  rate: number;
  cursors: boolean;
  warmupMs: number;
  measureMs: number;
}

export interface DriveResult {
  seconds: number;
  serverCpuUs: number;
  harnessCpuPct: number;
  /** CPU used by everything else on the machine (other people's builds, tests…), % of one core. */
  othersCpuPct: number;
  peakRssKb: number;
  /** Server main thread: % of samples idle (S), running or runnable (R), in disk wait (D). */
  loop: { idlePct: number; runPct: number; diskPct: number };
}

/**
 * Every client edits at `rate`/s (random phase, one shared timer), optionally with a cursor update
 * after each edit. `others`: more processes of the same deployment (several processes), whose CPU
 * counts as the server's too; RSS and the main thread are the first one's.
 */
export async function drive(server: ServerProcess, rooms: BenchClient[][], tracker: EditTracker, o: DriveOptions, others: ServerProcess[] = []): Promise<DriveResult> {
  const cpuOf = () => [server, ...others].reduce((sum, s) => sum + s.sample().cpuUs, 0);
  const clients = rooms.flat();
  const interval = 1000 / o.rate;
  const start = performance.now();
  const next = clients.map(() => start + Math.random() * interval);
  const timer = setInterval(() => {
    const t = performance.now();
    for (let i = 0; i < clients.length; i++) {
      const due = next[i] as number;
      if (due > t) continue;
      const c = clients[i] as BenchClient;
      c.edit();
      if (o.cursors) c.cursor();
      // Open loop, but no burst of catch-up edits if the harness falls behind.
      next[i] = Math.max(due + interval, t + interval / 2);
    }
  }, 2);
  const watcher = new RssWatcher(server.pid).start();
  await sleep(o.warmupMs);
  const cpu0 = cpuOf();
  const h0 = process.cpuUsage();
  const m0 = machineBusyUs();
  const w0 = performance.now();
  const states = new ThreadStateSampler(server.pid).start();
  tracker.recording = true;
  tracker.countingAcks = true;
  await sleep(o.measureMs);
  tracker.recording = false;
  const loop = states.stop();
  clearInterval(timer);
  const cpu1 = cpuOf();
  const h = process.cpuUsage(h0);
  const machineUs = machineBusyUs() - m0;
  const seconds = (performance.now() - w0) / 1000;
  watcher.stop();
  const serverCpuUs = cpu1 - cpu0;
  return {
    seconds,
    serverCpuUs,
    harnessCpuPct: ((h.user + h.system) / 1e6 / seconds) * 100,
    othersCpuPct: Math.max(0, (machineUs - serverCpuUs - h.user - h.system) / 1e6 / seconds) * 100,
    peakRssKb: watcher.peakKb,
    loop,
  };
}
