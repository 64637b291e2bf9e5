/**
 * Smoke test of the benchmark harness: a short quick-mode run against the reference server and
 * Duet (both real child processes) must produce numbers and converge. It proves the harness works;
 * it does not judge speed.
 */
import { describe, expect, it } from 'vitest';
import { runBench, formatTables, jsonLines } from '../../bench/lib/bench.js';

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
});
