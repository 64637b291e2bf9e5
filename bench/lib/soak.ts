/**
 * `--soak`: many rooms with steady edits and cursor updates for several minutes, with room churn
 * (some rooms leave, new ones open) so documents load and unload; prints the server's RSS curve.
 * A leak shows as RSS that keeps climbing after the first minute while the load stays flat.
 */
import { BenchClient, EditTracker } from './client.js';
import { ServerProcess, mapLimit, SERVER_LABEL, type ServerKind } from './servers.js';
import { sleep, summarize } from './stats.js';
import type { Placement } from './bench.js';

export interface SoakOptions {
  minutes: number;
  rooms: number;
  /** Edits per second per client, each followed by a cursor update. */
  rate: number;
  /** Fraction of rooms replaced every `churnEverySec`. */
  churn: number;
  churnEverySec: number;
  sampleEverySec: number;
}

export const SOAK_DEFAULTS: SoakOptions = { minutes: 5, rooms: 100, rate: 2, churn: 0.1, churnEverySec: 15, sampleEverySec: 10 };

export interface SoakPoint {
  t: number;
  rssMb: number;
  cpuPct: number;
  rooms: number;
  roomsOpened: number;
  p99: number;
}

let nextId = 5_000_000;

async function openRoom(server: ServerProcess, tracker: EditTracker): Promise<BenchClient[]> {
  const access = await server.createRoom(2);
  const clients = access.urls.map((u) => {
    const c = new BenchClient(nextId++, u, access.localAddress);
    c.peers = 1;
    c.tracker = tracker;
    return c;
  });
  await Promise.all(clients.map((c) => c.connect()));
  for (const c of clients) c.cursor();
  return clients;
}

export async function runSoak(
  kind: ServerKind,
  placement: Placement,
  o: SoakOptions,
  log: (s: string) => void,
  duetDir: string | null = null,
): Promise<{ points: SoakPoint[]; line: string }> {
  const server = await ServerProcess.start(kind, { cpus: placement.serverCpus, nice: placement.nice, duetDir });
  const tracker = new EditTracker();
  tracker.recording = true;
  const points: SoakPoint[] = [];
  try {
    let rooms = await mapLimit(Array.from({ length: o.rooms }), 16, () => openRoom(server, tracker));
    let opened = rooms.length;
    const interval = 1000 / o.rate;
    const next = new Map<BenchClient, number>();
    const schedule = (cs: BenchClient[]): void => {
      for (const c of cs) next.set(c, performance.now() + Math.random() * interval);
    };
    for (const r of rooms) schedule(r);
    const timer = setInterval(() => {
      const t = performance.now();
      for (const [c, due] of next) {
        if (due > t) continue;
        c.edit();
        c.cursor();
        next.set(c, Math.max(due + interval, t + interval / 2));
      }
    }, 5);
    const t0 = performance.now();
    const end = t0 + o.minutes * 60_000;
    let lastChurn = t0;
    let cpuPrev = server.sample();
    let latFrom = 0;
    log(`# soak ${SERVER_LABEL[kind]}: ${o.rooms} rooms × 2 clients, ${o.rate} edits/s + cursor each, ${Math.round(o.churn * 100)}% of rooms replaced every ${o.churnEverySec} s, ${o.minutes} min`);
    log('| t (s) | RSS (MB) | CPU (% core) | rooms open | rooms opened | edit p99 (ms) |');
    log('| ---: | ---: | ---: | ---: | ---: | ---: |');
    while (performance.now() < end) {
      await sleep(o.sampleEverySec * 1000);
      const t = performance.now();
      if (t - lastChurn >= o.churnEverySec * 1000) {
        lastChurn = t;
        const k = Math.max(1, Math.round(rooms.length * o.churn));
        const leaving = rooms.slice(0, k);
        rooms = rooms.slice(k);
        for (const c of leaving.flat()) next.delete(c);
        // Let their last edits arrive, so that "lost" counts only edits the server dropped.
        await sleep(1000);
        await Promise.all(leaving.flat().map((c) => c.close()));
        for (const c of leaving.flat()) c.destroy();
        const fresh = await mapLimit(Array.from({ length: k }), 16, () => openRoom(server, tracker));
        for (const r of fresh) schedule(r);
        rooms.push(...fresh);
        opened += k;
      }
      const cpu = server.sample();
      const lat = tracker.latencies.slice(latFrom);
      latFrom = tracker.latencies.length;
      const p: SoakPoint = {
        t: Math.round((t - t0) / 1000),
        rssMb: cpu.rssKb / 1024,
        cpuPct: ((cpu.cpuUs - cpuPrev.cpuUs) / 1e3 / (cpu.at - cpuPrev.at)) * 100,
        rooms: rooms.length,
        roomsOpened: opened,
        p99: summarize(lat).p99,
      };
      cpuPrev = cpu;
      points.push(p);
      log(`| ${p.t} | ${p.rssMb.toFixed(1)} | ${p.cpuPct.toFixed(1)} | ${p.rooms} | ${p.roomsOpened} | ${p.p99.toFixed(1)} |`);
    }
    clearInterval(timer);
    await Promise.all(rooms.flat().map((c) => c.close()));
    for (const c of rooms.flat()) c.destroy();
  } finally {
    await server.dispose();
  }
  const half = points.slice(Math.floor(points.length / 2));
  const first = half[0];
  const last = half[half.length - 1];
  const slope = first && last && last.t > first.t ? ((last.rssMb - first.rssMb) / (last.t - first.t)) * 60 : 0;
  const line = JSON.stringify({
    bench: 'duet',
    scenario: 'soak',
    server: kind,
    minutes: o.minutes,
    rooms: o.rooms,
    rssStartMb: Number((points[0]?.rssMb ?? 0).toFixed(1)),
    rssEndMb: Number((points[points.length - 1]?.rssMb ?? 0).toFixed(1)),
    rssPeakMb: Number(Math.max(...points.map((p) => p.rssMb)).toFixed(1)),
    secondHalfSlopeMbPerMin: Number(slope.toFixed(2)),
    editsDelivered: tracker.delivered,
    editsLost: tracker.outstanding,
    curve: points.map((p) => [p.t, Number(p.rssMb.toFixed(1))]),
  });
  return { points, line };
}
