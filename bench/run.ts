/**
 * `npm run bench [-- options]`: Duet against the reference y-websocket server, side by side.
 *
 *   --quick                 ~10 s per server version that proves the harness works (not for judging speed)
 *   --soak                  memory soak: rooms with steady edits and churn for several minutes, RSS curve
 *     --minutes=N --rooms=N --rate=N   soak parameters (defaults 5, 100, 2)
 *   --servers=duet,ref      which servers (default duet,ref; the soak defaults to duet); duet-fsync is Duet
 *                           with DUET_DURABILITY=fsync, shown beside duet with an fsync/process ratio
 *   --scenarios=s1,s3       a subset of s1, s2-edits, s2-cursors, s3, s4, s5, replay, storm (connect storm), run (code run
 *                           in Chromium); or s3-scale, the cost
 *                           per room at scale (rooms added 250 at a time up to 1,500), run only when named
 *   --no-pin                do not pin server and harness to different cores
 *   --no-renice             do not raise server and harness priority (nice -10, root only)
 *   --cpu-prof=DIR          write `node --cpu-prof` profiles of the Duet server(s) to DIR (also with --cluster)
 *   --duet-dir=DIR          run Duet from another checkout (a frozen copy while the tree is being edited)
 *   --freeze                run Duet from a temporary copy of the committed server (HEAD), not the working tree
 *   --repeat=N              run each scenario N times, alternating servers, and report medians
 *   --together              run s1, s2-edits and s2-cursors against all servers at once (both on the server
 *                           core, each with its own clients) and report each run's ratio of CPU per edit
 *   --out=FILE              also write the report (machine, tables, JSON lines) as Markdown to FILE
 *   --cluster               the s2 load on one process, then on two over PostgreSQL and Redis (issue 18)
 *   --verbose               echo server output
 */
import { execFileSync } from 'node:child_process';
import { rmSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { choosePlacement, EXTRA_SCENARIOS, freezeHead, formatTables, jsonLines, runBench, SCENARIOS, type BenchReport, type ScenarioId } from './lib/bench.js';
import { runClusterBench } from './lib/cluster.js';
import { runSoak, SOAK_DEFAULTS } from './lib/soak.js';
import { SERVER_KINDS, type ServerKind } from './lib/servers.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    soak: { type: 'boolean', default: false },
    minutes: { type: 'string' },
    rooms: { type: 'string' },
    rate: { type: 'string' },
    servers: { type: 'string' },
    scenarios: { type: 'string' },
    'no-pin': { type: 'boolean', default: false },
    'no-renice': { type: 'boolean', default: false },
    'cpu-prof': { type: 'string' },
    'duet-dir': { type: 'string' },
    freeze: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
    cluster: { type: 'boolean', default: false },
    out: { type: 'string' },
    repeat: { type: 'string' },
    together: { type: 'boolean', default: false },
  },
  allowPositionals: false,
});

const log = (s: string): void => console.log(s);

function list<T extends string>(v: string | undefined, allowed: readonly T[], what: string): T[] | undefined {
  if (!v) return undefined;
  const items = v.split(',').map((x) => x.trim()) as T[];
  for (const i of items) if (!allowed.includes(i)) throw new Error(`unknown ${what} "${i}" (allowed: ${allowed.join(', ')})`);
  return items;
}

function sh(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8' }).trim();
  } catch {
    return '(unavailable)';
  }
}

function reportMarkdown(report: BenchReport): string[] {
  const m = report.machine;
  return [
    '',
    `## Duet vs reference (@y/websocket-server 0.1.1)${report.quick ? ' — QUICK run: proves the harness, not the speed' : ''}`,
    '',
    `- date: ${report.startedAt}`,
    `- machine: ${m.nproc} cores (nproc), ${m.cpu}, Node ${m.node}`,
    `- placement: ${report.placement.description}`,
    `- Duet: ${report.duet}`,
    '',
    '```',
    sh('free', ['-h']),
    `load average at the end: ${sh('cat', ['/proc/loadavg'])}`,
    '```',
    '',
    formatTables(report),
    '',
    '```',
    ...jsonLines(report),
    '```',
  ];
}

const servers = list<ServerKind>(values.servers, SERVER_KINDS, 'server');
const duetDir = values.freeze ? freezeHead() : (values['duet-dir'] ?? null);
if (values.freeze && duetDir) {
  process.on('exit', () => {
    // Unlink the node_modules link itself first: the removal must never reach the real one.
    unlinkSync(path.join(duetDir, 'node_modules'));
    rmSync(duetDir, { recursive: true, force: true });
  });
}

if (values.cluster) {
  const results = await runClusterBench(values.quick, log, { cpus: null, cpuProfDir: values['cpu-prof'] ?? null });
  if (results.some((r) => !r.converged)) process.exitCode = 1;
} else if (values.soak) {
  const placement = choosePlacement(!values['no-pin'], !values['no-renice']);
  const o = {
    ...SOAK_DEFAULTS,
    ...(values.minutes ? { minutes: Number(values.minutes) } : {}),
    ...(values.rooms ? { rooms: Number(values.rooms) } : {}),
    ...(values.rate ? { rate: Number(values.rate) } : {}),
  };
  log(`# ${placement.description}`);
  for (const kind of servers ?? ['duet']) {
    const { line } = await runSoak(kind, placement, o, log, duetDir);
    log(line);
  }
} else {
  const report = await runBench({
    quick: values.quick,
    ...(servers ? { servers } : {}),
    ...(values.scenarios ? { scenarios: list<ScenarioId>(values.scenarios, [...SCENARIOS, ...EXTRA_SCENARIOS], 'scenario') as ScenarioId[] } : {}),
    pin: !values['no-pin'],
    renice: !values['no-renice'],
    ...(values.repeat ? { repeat: Number(values.repeat) } : {}),
    together: values.together,
    cpuProfDir: values['cpu-prof'] ?? null,
    duetDir: duetDir,
    verbose: values.verbose,
    log,
  });
  const lines = reportMarkdown(report);
  for (const l of lines) log(l);
  if (values.out) writeFileSync(values.out, lines.join('\n') + '\n');
  const failed = report.results.filter((r) => r.error || !r.converged);
  if (failed.length) {
    log(`# ${failed.length} scenario run(s) failed or did not converge: ${failed.map((r) => `${r.scenario}/${r.server}`).join(', ')}`);
    process.exitCode = 1;
  }
}
