/**
 * The benchmark runner: one fresh server per scenario, the reference and Duet alternating, so a
 * noisy machine hurts both alike. `runBench` is what `bench/run.ts` and the smoke test call.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { scenarioStorm, STORM_FULL, STORM_QUICK } from './storm.js';
import { FULL, QUICK, scenario1, scenario2, scenario3, scenario3Scale, scenario4, scenario5, type BenchConfig, type Figure, type ScenarioResult } from './scenarios.js';
import { median } from './stats.js';
import { REPLAY_FULL, REPLAY_QUICK, scenarioReplay } from './replay.js';
import { RUN_FULL, RUN_QUICK, scenarioRun } from './runcode.js';
import { isDuet, REPO_ROOT, SERVER_KINDS, SERVER_LABEL, ServerProcess, tasksetAvailable, type ServerKind } from './servers.js';

/** The default run: the scenarios of issue 6, the replay of issue 16 and running code of issue 15 (both Duet only), the connect storm. */
export const SCENARIOS = ['s1', 's2-edits', 's2-cursors', 's3', 's4', 's5', 'replay', 'storm', 'run'] as const;
/** Scenarios the reference server has nothing for. */
const DUET_ONLY: readonly ScenarioId[] = ['replay', 'run'];
/**
 * Scenarios that can run against every server at once (`together`): a steady load whose figures
 * are each server's own, so both servers meet the same machine in the same seconds.
 */
const TOGETHER: readonly ScenarioId[] = ['s1', 's2-edits', 's2-cursors'];
/** Run only when asked for by name (`--scenarios=`). */
export const EXTRA_SCENARIOS = ['s3-scale'] as const;
export type ScenarioId = (typeof SCENARIOS)[number] | (typeof EXTRA_SCENARIOS)[number];

export interface BenchOptions {
  quick?: boolean;
  servers?: ServerKind[];
  scenarios?: readonly ScenarioId[];
  /** Pin server to core 0 and the harness to core 1 (default: when taskset exists and nproc ≥ 2). */
  pin?: boolean;
  /** Raise server and harness priority (nice -10) when allowed; default true. */
  renice?: boolean;
  /** Write `--cpu-prof` profiles of the Duet server here. */
  cpuProfDir?: string | null;
  /** Run Duet from this checkout instead of the repo (see ServerOptions.duetDir). */
  duetDir?: string | null;
  verbose?: boolean;
  log?: (line: string) => void;
  /**
   * Run every scenario this many times (reference and Duet alternating each time) and report the
   * median of each figure: on a shared machine one unlucky window should not decide a ratio.
   */
  repeat?: number;
  /**
   * Run the steady scenarios (s1, s2-edits, s2-cursors) against all servers at once, each with its
   * own clients, rather than one after the other: this machine's speed drifts by tens of per cent
   * between minutes, so the ratio of CPU per edit within one run is steadier than the ratio of
   * medians taken minutes apart. Latencies then share the harness and are not for comparing.
   */
  together?: boolean;
}

export interface Placement {
  serverCpus: string | null;
  harnessCpus: string | null;
  /** Priority given to the server and the harness (root only), so other work disturbs them less. */
  nice: number | null;
  description: string;
}

export interface BenchReport {
  quick: boolean;
  /** Which Duet code ran: the checkout directory and its git commit, when known. */
  duet: string;
  startedAt: string;
  machine: { nproc: number; memory: string; node: string; cpu: string };
  placement: Placement;
  results: ScenarioResult[];
}


const RUNNERS: Record<ScenarioId, (s: ServerProcess, cfg: BenchConfig) => Promise<ScenarioResult>> = {
  s1: scenario1,
  's2-edits': (s, c) => scenario2(s, c, false),
  's2-cursors': (s, c) => scenario2(s, c, true),
  s3: scenario3,
  's3-scale': scenario3Scale,
  s4: scenario4,
  s5: scenario5,
  replay: (s, c) => scenarioReplay(s, c.quick ? REPLAY_QUICK : REPLAY_FULL),
  storm: (s, c) => scenarioStorm(s, c.quick ? STORM_QUICK : STORM_FULL),
  run: (s, c) => scenarioRun(s, c.quick ? RUN_QUICK : RUN_FULL),
};

export const BENCH_NICE = -10;

/** Can this process raise its own priority (root, or CAP_SYS_NICE)? */
function canRenice(): boolean {
  const before = os.getPriority();
  try {
    os.setPriority(Math.min(before, BENCH_NICE));
    return true;
  } catch {
    return false;
  }
}

export function choosePlacement(pin: boolean | undefined, renice = true): Placement {
  const n = os.availableParallelism();
  const can = tasksetAvailable() && n >= 2;
  const nice = renice && canRenice() ? BENCH_NICE : null;
  const niceText = nice === null ? '' : `; server and harness at nice ${nice}`;
  if (pin === false || !can) {
    return {
      serverCpus: null,
      harnessCpus: null,
      nice,
      description: (can ? 'not pinned (--no-pin)' : `not pinned (${n < 2 ? 'one core' : 'no taskset'}): server and clients share the cores`) + niceText,
    };
  }
  const harness = n === 2 ? '1' : `1-${n - 1}`;
  return { serverCpus: '0', harnessCpus: harness, nice, description: `taskset: server on core 0, harness (all clients) on core ${harness}${niceText}` };
}

function pinSelf(cpus: string): void {
  // -a: every thread, libuv's pool included.
  execFileSync('taskset', ['-a', '-p', '-c', cpus, String(process.pid)], { stdio: 'ignore' });
}

/**
 * Copies the committed server (HEAD: server/, shared/, package.json, tsconfig.json) to a temporary
 * directory with a link to this repo's node_modules, so a run measures one known commit even while
 * someone edits the working tree. Returns the directory.
 */
export function freezeHead(): string {
  const commit = execFileSync('git', ['-C', REPO_ROOT, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  const dir = mkdtempSync(path.join(os.tmpdir(), `duet-${commit}-`));
  const tar = execFileSync('git', ['-C', REPO_ROOT, 'archive', 'HEAD', 'server', 'shared', 'package.json', 'tsconfig.json']);
  execFileSync('tar', ['-x', '-C', dir], { input: tar });
  symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  writeFileSync(path.join(dir, '.duet-commit'), commit);
  return dir;
}

function describeDuet(dir: string | null): string {
  const at = dir ?? REPO_ROOT;
  if (dir !== null && existsSync(path.join(dir, '.duet-commit'))) {
    return `commit ${readFileSync(path.join(dir, '.duet-commit'), 'utf8').trim()} (frozen copy in ${dir})`;
  }
  let commit = 'unknown commit';
  try {
    commit = execFileSync('git', ['-C', REPO_ROOT, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    if (dir === null) {
      const dirty = execFileSync('git', ['-C', REPO_ROOT, 'status', '--porcelain', '--', 'server', 'shared'], { encoding: 'utf8' }).trim();
      if (dirty) commit += ' + uncommitted server changes';
    }
  } catch {
    // not a git checkout
  }
  return dir === null ? `${at} (${commit})` : `${at} (copy; repo HEAD was ${commit})`;
}

export function machine(): BenchReport['machine'] {
  return {
    nproc: os.availableParallelism(),
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    node: process.version,
    cpu: os.cpus()[0]?.model ?? 'unknown',
  };
}

export async function runBench(o: BenchOptions = {}): Promise<BenchReport> {
  const cfg = o.quick ? QUICK : FULL;
  const servers = o.servers ?? ['ref', 'duet'];
  const scenarios = o.scenarios ?? SCENARIOS;
  const log = o.log ?? (() => {});
  const placement = choosePlacement(o.pin, o.renice ?? true);
  // Read the machine before pinning: afterwards this process sees only its own cores.
  // The servers inherit the harness's environment: `DUET_DURABILITY=fsync npm run bench` measures that mode.
  const durability = `DUET_DURABILITY=${process.env['DUET_DURABILITY'] || 'process (default)'}`;
  const report: BenchReport = { quick: cfg.quick, duet: `${describeDuet(o.duetDir ?? null)}, ${durability}`, startedAt: new Date().toISOString(), machine: machine(), placement, results: [] };
  if (placement.harnessCpus) pinSelf(placement.harnessCpus);
  log(`# ${placement.description}`);

  const repeat = Math.max(1, o.repeat ?? 1);
  let pair = 0;
  for (const id of scenarios) {
    const runs = new Map<ServerKind, ScenarioResult[]>();
    for (let rep = 0; rep < repeat; rep++) {
      // The reference has no replay and runs no code: those scenarios run against Duet alone. The order of the
      // servers alternates from one group of runs to the next, so neither always runs first (on a
      // cold machine) or last (after the others warmed caches and filled the disk's queue).
      const group = DUET_ONLY.includes(id) ? servers.filter(isDuet) : servers;
      if (o.together && TOGETHER.includes(id) && group.length > 1) {
        for (const result of await runTogether(id, group, cfg, placement, o)) {
          runs.set(result.server as ServerKind, [...(runs.get(result.server as ServerKind) ?? []), result]);
          log(`# ${id} ${SERVER_LABEL[result.server as ServerKind]}, all servers at once${repeat > 1 ? ` (run ${rep + 1}/${repeat})` : ''}: ${result.error ? `ERROR ${result.error}` : 'ok'}`);
        }
        continue;
      }
      for (const kind of pair++ % 2 === 0 ? group : [...group].reverse()) {
        const result = await runOne(id, kind, cfg, placement, o);
        runs.set(kind, [...(runs.get(kind) ?? []), result]);
        log(`# ${id} ${SERVER_LABEL[kind]}${repeat > 1 ? ` (run ${rep + 1}/${repeat})` : ''}: ${result.error ? `ERROR ${result.error}` : 'ok'}`);
      }
    }
    const merged = servers.filter((kind) => runs.has(kind)).map((kind) => mergeRuns(runs.get(kind)!));
    if (o.together && TOGETHER.includes(id)) addTogetherRatios(merged, runs);
    report.results.push(...merged);
  }
  addDerived(report.results);
  return report;
}

function startServer(id: ScenarioId, kind: ServerKind, placement: Placement, o: BenchOptions): Promise<ServerProcess> {
  return ServerProcess.start(kind, {
    cpus: placement.serverCpus,
    nice: placement.nice,
    cpuProfDir: isDuet(kind) ? (o.cpuProfDir ?? null) : null,
    verbose: o.verbose ?? false,
    duetDir: o.duetDir ?? null,
    // The memory scenarios read RSS after full collections too; the others run without an inspector.
    inspect: id === 's3' || id === 's3-scale',
  });
}

function failedRun(id: ScenarioId, kind: ServerKind, err: unknown, server: ServerProcess | null, o: BenchOptions): ScenarioResult {
  const msg = err instanceof Error ? err.message : String(err);
  if (server && o.verbose) o.log?.(server.lastOutput);
  return { scenario: id, title: id, server: kind, figures: [], converged: false, notes: [], error: msg.split('\n')[0] ?? msg };
}

async function runOne(id: ScenarioId, kind: ServerKind, cfg: BenchConfig, placement: Placement, o: BenchOptions): Promise<ScenarioResult> {
  let server: ServerProcess | null = null;
  try {
    server = await startServer(id, kind, placement, o);
    return await RUNNERS[id](server, cfg);
  } catch (err) {
    return failedRun(id, kind, err, server, o);
  } finally {
    await server?.dispose();
  }
}

/** One run of `id` against every server in `kinds` at once, each with its own clients. */
async function runTogether(id: ScenarioId, kinds: ServerKind[], cfg: BenchConfig, placement: Placement, o: BenchOptions): Promise<ScenarioResult[]> {
  const started: ServerProcess[] = [];
  try {
    for (const kind of kinds) started.push(await startServer(id, kind, placement, o));
    return await Promise.all(started.map((s) => RUNNERS[id](s, cfg).catch((err: unknown) => failedRun(id, s.kind, err, s, o))));
  } catch (err) {
    return kinds.map((kind) => failedRun(id, kind, err, null, o));
  } finally {
    await Promise.all(started.map((s) => s.dispose()));
  }
}

/**
 * For runs made with every server at once: each run's Duet/reference ratio of CPU per edit, and
 * their median as a figure of Duet's. A ratio within one run cancels the machine's drift, which
 * a ratio of two medians does not.
 */
function addTogetherRatios(merged: ScenarioResult[], runs: Map<ServerKind, ScenarioResult[]>): void {
  const cpu = (r: ScenarioResult | undefined) => r?.figures.find((f) => f.key === 'cpuPerEdit')?.value;
  const refRuns = runs.get('ref') ?? [];
  for (const result of merged) {
    result.notes.push(`run at the same time as the other servers: "other processes" counts them, and latencies share one harness`);
    if (!isDuet(result.server as ServerKind) || refRuns.length === 0) continue;
    const ratios = (runs.get(result.server as ServerKind) ?? [])
      .map((r, i) => [cpu(r), cpu(refRuns[i])])
      .filter((pair): pair is [number, number] => typeof pair[0] === 'number' && typeof pair[1] === 'number' && pair[1] > 0)
      .map(([a, b]) => a / b);
    if (ratios.length === 0) continue;
    result.figures.push({ key: 'cpuPerEditVsRef', label: 'server CPU per edit ÷ the reference\'s in the same run, median', unit: '×', value: median(ratios), better: 'lower' });
    result.notes.push(`server CPU per edit ÷ the reference's, each run: ${ratios.map((q) => q.toFixed(3)).join(', ')}`);
  }
}

/** Figures whose value in every run is listed beside the median (`--repeat`). */
const SPREAD_SHOWN = ['stormWall', 'stormCpuPerClient', 'editP50', 'cpuPerEdit'];

const formatRun = (value: number | boolean | null | undefined): string =>
  typeof value === 'number' ? String(Number(value.toPrecision(3))) : String(value);

/** Median of each numeric figure over repeated runs; a boolean holds only if it held every time. */
function mergeRuns(runs: ScenarioResult[]): ScenarioResult {
  const ok = runs.filter((r) => !r.error);
  const first = ok[0] ?? runs[0];
  if (!first) throw new Error('no runs');
  if (runs.length === 1) return first;
  const figures = first.figures.map((f) => {
    const values = ok.map((r) => r.figures.find((x) => x.key === f.key)?.value);
    if (typeof f.value === 'boolean') return { ...f, value: values.every((v) => v === true) };
    // Infinity stays: a lost cursor update is an infinite latency, not a missing sample.
    const nums = values.filter((v): v is number => typeof v === 'number' && !Number.isNaN(v)).sort((a, b) => a - b);
    return { ...f, value: nums.length ? median(nums) : null };
  });
  const errors = runs.filter((r) => r.error).map((r) => r.error);
  // The spread of the headline figures, so a median is read with the runs it came from.
  const spread = first.figures
    .filter((f) => SPREAD_SHOWN.includes(f.key))
    .map((f) => `${f.label}: ${ok.map((r) => formatRun(r.figures.find((x) => x.key === f.key)?.value)).join(', ')} ${f.unit}`);
  return {
    ...first,
    figures,
    converged: runs.every((r) => r.converged),
    notes: [`median of ${ok.length} runs`, ...spread.map((s) => `runs, ${s}`), ...new Set(runs.flatMap((r) => r.notes))],
    ...(errors.length ? { error: errors.join('; ') } : {}),
  };
}

/** CPU per cursor update = per-edit CPU with cursors − per-edit CPU without (one cursor per edit). */
function addDerived(results: ScenarioResult[]): void {
  for (const r of results) {
    if (r.scenario !== 's2-cursors') continue;
    const plain = results.find((x) => x.scenario === 's2-edits' && x.server === r.server);
    const a = r.figures.find((f) => f.key === 'cpuPerEdit')?.value;
    const b = plain?.figures.find((f) => f.key === 'cpuPerEdit')?.value;
    if (typeof a === 'number' && typeof b === 'number') {
      r.figures.splice(r.figures.findIndex((f) => f.key === 'cpuPerEdit') + 1, 0, {
        key: 'cpuPerCursor',
        label: 'server CPU per cursor update (this run − s2-edits)',
        unit: 'µs',
        value: a - b > 0 ? a - b : null,
        better: 'lower',
      });
      if (a - b <= 0) {
        r.notes.push(`CPU per cursor update not measurable in this run: CPU per edit with cursors (${a.toFixed(0)} µs) came out below the run without (${b.toFixed(0)} µs)`);
      }
    }
  }
}

// ---- output ----

function fmt(v: Figure['value'] | undefined): string {
  if (v === undefined || v === null) return '—';
  if (typeof v === 'boolean') return v ? 'yes' : '**NO**';
  if (v === Infinity) return '∞';
  if (!Number.isFinite(v)) return '—';
  const a = Math.abs(v);
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1);
  return v.toFixed(2);
}

function ratio(d: Figure['value'] | undefined, r: Figure['value'] | undefined): number | null {
  if (typeof d !== 'number' || typeof r !== 'number' || !Number.isFinite(d) || !Number.isFinite(r) || r === 0) return null;
  return d / r;
}

/** The ratio columns a table shows, when both sides ran: Duet against the reference, fsync against the default. */
const RATIOS: { label: string; of: ServerKind; to: ServerKind }[] = [
  { label: 'Duet/ref', of: 'duet', to: 'ref' },
  { label: 'fsync/process', of: 'duet-fsync', to: 'duet' },
];

/** Markdown tables: every server that ran side by side (Duet, Duet with fsync, the reference). */
export function formatTables(report: BenchReport): string {
  const out: string[] = [];
  const ids = [...new Set(report.results.map((r) => r.scenario))];
  for (const id of ids) {
    const results = SERVER_KINDS.map((kind) => report.results.find((r) => r.scenario === id && r.server === kind)).filter((r) => r !== undefined);
    const kinds = results.map((r) => r.server as ServerKind);
    const ratios = RATIOS.filter((q) => kinds.includes(q.of) && kinds.includes(q.to));
    const any = results.find((r) => r.figures.length) ?? results[0];
    out.push(
      `### ${id}: ${any?.title ?? id}`,
      '',
      `| figure | unit | ${[...kinds.map((k) => SERVER_LABEL[k]), ...ratios.map((q) => q.label)].join(' | ')} |`,
      `| --- | --- | ${[...kinds, ...ratios].map(() => '---:').join(' | ')} |`,
    );
    const keys = [...new Map(results.flatMap((r) => r.figures).map((f) => [f.key, f])).values()];
    const value = (kind: ServerKind, key: string) => results.find((r) => r.server === kind)?.figures.find((x) => x.key === key)?.value;
    for (const f of keys) {
      const cells = kinds.map((k) => fmt(value(k, f.key)));
      const qs = ratios.map((q) => {
        const v = ratio(value(q.of, f.key), value(q.to, f.key));
        return v === null ? '' : `${v.toFixed(2)}×`;
      });
      out.push(`| ${f.label} | ${f.unit} | ${[...cells, ...qs].join(' | ')} |`);
    }
    for (const r of results) {
      if (r.error) out.push('', `- ${SERVER_LABEL[r.server as ServerKind]}: **error**: ${r.error}`);
      for (const n of r.notes) out.push(`- ${SERVER_LABEL[r.server as ServerKind]}: ${n}`);
    }
    out.push('');
  }
  return out.join('\n');
}

/** One JSON line per scenario: both servers' figures and the ratios. */
export function jsonLines(report: BenchReport): string[] {
  const ids = [...new Set(report.results.map((r) => r.scenario))];
  return ids.map((id) => {
    const pick = (kind: ServerKind): Record<string, unknown> | null => {
      const r = report.results.find((x) => x.scenario === id && x.server === kind);
      if (!r) return null;
      return { ...Object.fromEntries(r.figures.map((f) => [f.key, typeof f.value === 'number' ? Number(f.value.toPrecision(5)) : f.value])), ...(r.error ? { error: r.error } : {}) };
    };
    const duet = pick('duet');
    const ref = pick('ref');
    const fsync = pick('duet-fsync');
    const ratiosOf = (a: Record<string, unknown> | null, b: Record<string, unknown> | null): Record<string, number> => {
      const out: Record<string, number> = {};
      for (const [k, v] of Object.entries(a ?? {})) {
        const q = ratio(v as Figure['value'], b?.[k] as Figure['value']);
        if (q !== null) out[k] = Number(q.toFixed(3));
      }
      return out;
    };
    return JSON.stringify({
      bench: 'duet',
      scenario: id,
      quick: report.quick,
      placement: report.placement.description,
      duet,
      ref,
      ratio: ratiosOf(duet, ref),
      ...(fsync ? { duetFsync: fsync, fsyncRatio: ratiosOf(fsync, duet) } : {}),
    });
  });
}
