/**
 * `npm run bench -- --cluster`: the s2 load (rooms of two clients editing at a steady rate) on one
 * Duet process as shipped (SQLite), then on two processes over PostgreSQL and Redis with each
 * room's two clients on different processes, so every edit crosses Redis. Issue 18's targets: edit
 * propagation p99 at most 2× the single process's, and CPU per edit summed over the processes at
 * most 2× the single process's.
 */
import { randomBytes } from 'node:crypto';
import { ensureServices } from '../../scripts/services.mjs';
import { BenchClient, EditTracker } from './client.js';
import { drive } from './drive.js';
import { closeRooms, connectAll, nextClientId, waitConverged } from './rooms.js';
import { FULL, QUICK, type BenchConfig } from './scenarios.js';
import { mapLimit, ServerProcess, type ServerOptions } from './servers.js';
import { summarize } from './stats.js';

export interface ClusterBenchResult {
  label: string;
  processes: number;
  editP50: number;
  editP99: number;
  cpuPerEditUs: number;
  delivered: number;
  converged: boolean;
}

async function measure(label: string, servers: ServerProcess[], cfg: BenchConfig): Promise<ClusterBenchResult> {
  const [first] = servers as [ServerProcess];
  const { rooms: nRooms, rate, seconds, warmup } = cfg.s2;
  const tracker = new EditTracker();
  const access = await mapLimit(Array.from({ length: nRooms }), 16, () => first.createRoom(2));
  // Client i of a room on process i (mod the number of processes): tokens hold on every process.
  const rooms = access.map((a) =>
    a.urls.map((url, i) => {
      const to = servers[i % servers.length]!;
      const c = new BenchClient(nextClientId(), url.replace(`:${first.port}/`, `:${to.port}/`), a.localAddress);
      c.peers = 1;
      c.tracker = tracker;
      return c;
    }),
  );
  await connectAll(rooms);
  for (const c of rooms.flat()) c.cursor();
  const d = await drive(first, rooms, tracker, { rate, cursors: false, warmupMs: warmup * 1000, measureMs: seconds * 1000 }, servers.slice(1));
  await tracker.drain(30_000);
  const converged = await waitConverged(rooms, 10_000);
  await closeRooms(rooms);
  const s = summarize(tracker.latencies);
  return {
    label,
    processes: servers.length,
    editP50: s.p50,
    editP99: s.p99,
    cpuPerEditUs: d.serverCpuUs / Math.max(1, tracker.sent),
    delivered: tracker.delivered / d.seconds,
    converged,
  };
}

export async function runClusterBench(quick: boolean, log: (line: string) => void, opts: ServerOptions = { cpus: null }): Promise<ClusterBenchResult[]> {
  const cfg = quick ? QUICK : FULL;
  const results: ClusterBenchResult[] = [];
  const single = await ServerProcess.start('duet', opts);
  try {
    results.push(await measure('one process (SQLite)', [single], cfg));
  } finally {
    await single.dispose();
  }
  const services = await ensureServices();
  // The cluster's processes read these from the environment they inherit (servers.ts).
  const env = {
    DUET_DATABASE_URL: services.databaseUrl,
    DUET_DATABASE_SCHEMA: `bench_${randomBytes(4).toString('hex')}`,
    DUET_REDIS_URL: services.redisUrl,
    DUET_REDIS_PREFIX: `bench-${randomBytes(4).toString('hex')}:`,
  };
  Object.assign(process.env, env);
  const cluster: ServerProcess[] = [];
  try {
    for (let i = 0; i < 2; i++) cluster.push(await ServerProcess.start('duet', opts));
    results.push(await measure('two processes (PostgreSQL + Redis), each room split', cluster, cfg));
  } finally {
    await Promise.all(cluster.map((s) => s.dispose()));
    for (const key of Object.keys(env)) delete process.env[key];
    await services.stop();
  }
  const [one, two] = results as [ClusterBenchResult, ClusterBenchResult];
  log('');
  log(`## Several processes (issue 18): the s2 load, ${cfg.s2.rooms} rooms × 2 clients, ${cfg.s2.rate} edits/s each, ${cfg.s2.seconds} s${quick ? ' — QUICK run' : ''}`);
  log('');
  log('| deployment | edit p50 ms | edit p99 ms | server CPU per edit µs (all processes) | edits delivered/s | converged |');
  log('| --- | --- | --- | --- | --- | --- |');
  for (const r of results) {
    log(`| ${r.label} | ${r.editP50.toFixed(2)} | ${r.editP99.toFixed(2)} | ${r.cpuPerEditUs.toFixed(0)} | ${r.delivered.toFixed(0)} | ${r.converged ? 'yes' : 'NO'} |`);
  }
  const p99Ratio = two.editP99 / one.editP99;
  const cpuRatio = two.cpuPerEditUs / one.cpuPerEditUs;
  log('');
  log(`- p99 ratio two/one: ${p99Ratio.toFixed(2)} (target ≤ 2): ${p99Ratio <= 2 ? 'met' : 'NOT met'}`);
  log(`- CPU per edit ratio two/one: ${cpuRatio.toFixed(2)} (target ≤ 2): ${cpuRatio <= 2 ? 'met' : 'NOT met'}`);
  log(JSON.stringify({ bench: 'cluster', quick, results, p99Ratio, cpuRatio }));
  return results;
}
