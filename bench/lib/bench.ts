/**
 * The benchmark runner: one fresh server per scenario, the reference and Duet alternating, so a
 * noisy machine hurts both alike. `runBench` is what `bench/run.ts` and the smoke test call.
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { FULL, QUICK, scenario1, scenario2, scenario3, scenario4, scenario5, type BenchConfig, type Figure, type ScenarioResult } from './scenarios.js';
import { SERVER_LABEL, ServerProcess, tasksetAvailable, type ServerKind } from './servers.js';

export const SCENARIOS = ['s1', 's2-edits', 's2-cursors', 's3', 's4', 's5'] as const;
export type ScenarioId = (typeof SCENARIOS)[number];

export interface BenchOptions {
  quick?: boolean;
  servers?: ServerKind[];
  scenarios?: readonly ScenarioId[];
  /** Pin server to core 0 and the harness to core 1 (default: when taskset exists and nproc ≥ 2). */
  pin?: boolean;
  /** Write `--cpu-prof` profiles of the Duet server here. */
  cpuProfDir?: string | null;
  verbose?: boolean;
  log?: (line: string) => void;
}

export interface Placement {
  serverCpus: string | null;
  harnessCpus: string | null;
  description: string;
}

export interface BenchReport {
  quick: boolean;
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
  s4: scenario4,
  s5: scenario5,
};

export function choosePlacement(pin: boolean | undefined): Placement {
  const n = os.availableParallelism();
  const can = tasksetAvailable() && n >= 2;
  if (pin === false || !can) {
    return {
      serverCpus: null,
      harnessCpus: null,
      description: can ? 'not pinned (--no-pin)' : `not pinned (${n < 2 ? 'one core' : 'no taskset'}): server and clients share the cores`,
    };
  }
  const harness = n === 2 ? '1' : `1-${n - 1}`;
  return { serverCpus: '0', harnessCpus: harness, description: `taskset: server on core 0, harness (all clients) on core ${harness}` };
}

function pinSelf(cpus: string): void {
  // -a: every thread, libuv's pool included.
  execFileSync('taskset', ['-a', '-p', '-c', cpus, String(process.pid)], { stdio: 'ignore' });
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
  const placement = choosePlacement(o.pin);
  // Read the machine before pinning: afterwards this process sees only its own cores.
  const report: BenchReport = { quick: cfg.quick, startedAt: new Date().toISOString(), machine: machine(), placement, results: [] };
  if (placement.harnessCpus) pinSelf(placement.harnessCpus);
  log(`# ${placement.description}`);

  for (const id of scenarios) {
    for (const kind of servers) {
      const t0 = performance.now();
      let server: ServerProcess | null = null;
      let result: ScenarioResult;
      try {
        server = await ServerProcess.start(kind, {
          cpus: placement.serverCpus,
          cpuProfDir: kind === 'duet' ? (o.cpuProfDir ?? null) : null,
          verbose: o.verbose ?? false,
        });
        result = await RUNNERS[id](server, cfg);
      } catch (err) {
        const msg = err instanceof Error ? err.message : String(err);
        result = { scenario: id, title: id, server: kind, figures: [], converged: false, notes: [], error: msg.split('\n')[0] ?? msg };
        if (server && o.verbose) log(server.lastOutput);
      } finally {
        await server?.dispose();
      }
      report.results.push(result);
      log(`# ${id} ${SERVER_LABEL[kind]}: ${((performance.now() - t0) / 1000).toFixed(1)} s${result.error ? ` — ERROR ${result.error}` : ''}`);
    }
  }
  addDerived(report.results);
  return report;
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
        value: a - b,
        better: 'lower',
      });
    }
  }
}

// ---- output ----

function fmt(v: Figure['value'] | undefined): string {
  if (v === undefined || v === null) return '—';
  if (typeof v === 'boolean') return v ? 'yes' : '**NO**';
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

/** Markdown tables, Duet and the reference side by side. */
export function formatTables(report: BenchReport): string {
  const out: string[] = [];
  const ids = [...new Set(report.results.map((r) => r.scenario))];
  for (const id of ids) {
    const duet = report.results.find((r) => r.scenario === id && r.server === 'duet');
    const ref = report.results.find((r) => r.scenario === id && r.server === 'ref');
    const any = duet?.figures.length ? duet : ref;
    out.push(`### ${id}: ${any?.title ?? id}`, '', '| figure | unit | Duet | reference | Duet/ref |', '| --- | --- | ---: | ---: | ---: |');
    const keys = [...new Map([...(ref?.figures ?? []), ...(duet?.figures ?? [])].map((f) => [f.key, f])).values()];
    for (const f of keys) {
      const d = duet?.figures.find((x) => x.key === f.key)?.value;
      const r = ref?.figures.find((x) => x.key === f.key)?.value;
      const q = ratio(d, r);
      out.push(`| ${f.label} | ${f.unit} | ${fmt(d)} | ${fmt(r)} | ${q === null ? '' : `${q.toFixed(2)}×`} |`);
    }
    for (const r of [duet, ref]) {
      if (!r) continue;
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
    const ratios: Record<string, number> = {};
    for (const [k, v] of Object.entries(duet ?? {})) {
      const q = ratio(v as Figure['value'], ref?.[k] as Figure['value']);
      if (q !== null) ratios[k] = Number(q.toFixed(3));
    }
    return JSON.stringify({ bench: 'duet', scenario: id, quick: report.quick, placement: report.placement.description, duet, ref, ratio: ratios });
  });
}
