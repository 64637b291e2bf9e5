/**
 * Smoke test of the benchmark harness: a short quick-mode run against the reference server and
 * Duet (both real child processes) must produce numbers and converge. It proves the harness works;
 * it does not judge speed.
 */
import { describe, expect, it } from 'vitest';
import { runBench, formatTables, jsonLines } from '../../bench/lib/bench.js';
import type { ScenarioResult } from '../../bench/lib/scenarios.js';

describe('bench --quick', () => {
  it('measures both servers and every room converges', { timeout: 150_000 }, async () => {
    const report = await runBench({ quick: true, pin: false, scenarios: ['s2-cursors', 's5'], servers: ['ref', 'duet', 'duet-fsync'] });
    expect(report.results).toHaveLength(6);
    for (const r of report.results) {
      const where = `${r.scenario}/${r.server}`;
      expect(r.error, where).toBeUndefined();
      expect(r.converged, where).toBe(true);
      const fig = (key: string): unknown => r.figures.find((f) => f.key === key)?.value;
      if (r.scenario === 's5') {
        expect(fig('coldDoc'), where).toBeGreaterThan(0);
      } else {
        expect(fig('editP50'), where).toBeGreaterThan(0);
        expect(fig('editP99'), where).toBeGreaterThanOrEqual(fig('editP50') as number);
        expect(fig('delivered'), where).toBeGreaterThan(0);
        expect(fig('cpuPerEdit'), where).toBeGreaterThan(0);
        expect(fig('cursorsLost'), where).toBe(0);
        // Duet's clients speak duet.v1, as the web client does, and so get stored acks.
        if (r.server !== 'ref') expect(fig('storedAcks'), where).toBeGreaterThan(0);
      }
    }
    expect(formatTables(report)).toContain('| figure | unit | Duet | Duet fsync | reference | Duet/ref | fsync/process |');
    expect(jsonLines(report)).toHaveLength(2);
  });

  it('runs a steady scenario against both servers at once and reports each run\'s CPU ratio', { timeout: 120_000 }, async () => {
    const report = await runBench({ quick: true, pin: false, scenarios: ['s2-edits'], servers: ['ref', 'duet'], together: true, repeat: 2 });
    expect(report.results.map((r) => r.server)).toEqual(['ref', 'duet']);
    for (const r of report.results) {
      expect(r.error, r.server).toBeUndefined();
      expect(r.converged, r.server).toBe(true);
    }
    const [ref, duet] = report.results as [ScenarioResult, ScenarioResult];
    const cpu = (r: ScenarioResult) => r.figures.find((f) => f.key === 'cpuPerEdit')?.value as number;
    const vsRef = duet.figures.find((f) => f.key === 'cpuPerEditVsRef')?.value as number;
    expect(vsRef).toBeGreaterThan(0);
    // Two runs: the median of the runs' ratios lies between them, each a ratio of that run's own figures.
    const each = duet.notes.find((n) => n.startsWith('server CPU per edit ÷'))!.split(': ')[1]!.split(', ').map(Number);
    expect(each).toHaveLength(2);
    expect(vsRef).toBeCloseTo((each[0]! + each[1]!) / 2, 2);
    expect(ref.figures.some((f) => f.key === 'cpuPerEditVsRef')).toBe(false);
    expect(cpu(duet)).toBeGreaterThan(0);
  });
});
