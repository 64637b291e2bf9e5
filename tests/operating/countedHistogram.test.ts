// The latency histograms of /metrics count observations themselves (server/metrics/countedHistogram.ts):
// what they export must be exactly what prom-client's own histogram exports for the same observations.
import { Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { CountedHistogram } from '../../server/metrics/countedHistogram.js';

const BUCKETS = [0.001, 0.01, 0.1, 1];
// On a bound, between bounds, below the first, above the last, and zero.
const OBSERVED = [0, 0.0005, 0.001, 0.002, 0.01, 0.05, 0.1, 0.5, 1, 2.5, 7, 0.001];

function pair(): { ours: CountedHistogram; theirs: Histogram; ourRegistry: Registry; theirRegistry: Registry } {
  const ourRegistry = new Registry();
  const theirRegistry = new Registry();
  const config = { name: 'duet_test_seconds', help: 'A test histogram.', buckets: BUCKETS };
  return {
    ours: new CountedHistogram({ ...config, registers: [ourRegistry] }),
    theirs: new Histogram({ ...config, registers: [theirRegistry] }),
    ourRegistry,
    theirRegistry,
  };
}

describe('CountedHistogram', () => {
  it('exports the same text and JSON as prom-client’s histogram for the same observations', async () => {
    const { ours, theirs, ourRegistry, theirRegistry } = pair();
    for (const value of OBSERVED) {
      ours.record(value);
      theirs.observe(value);
    }
    const text = await ourRegistry.metrics();
    expect(text).toBe(await theirRegistry.metrics());
    expect(await ourRegistry.getMetricsAsJSON()).toEqual(await theirRegistry.getMetricsAsJSON());
    // Not equal by both being empty: the counts are there.
    expect(text).toContain('duet_test_seconds_bucket{le="0.001"} 4');
    expect(text).toContain('duet_test_seconds_bucket{le="+Inf"} 12');
    expect(text).toContain('duet_test_seconds_count 12');
  });

  it('exports zeros before any observation, and keeps counting across scrapes', async () => {
    const { ours, theirs, ourRegistry, theirRegistry } = pair();
    expect(await ourRegistry.metrics()).toBe(await theirRegistry.metrics());
    ours.record(0.05);
    theirs.observe(0.05);
    await ourRegistry.metrics();
    ours.record(3);
    theirs.observe(3);
    const text = await ourRegistry.metrics();
    expect(text).toBe(await theirRegistry.metrics());
    expect(text).toContain('duet_test_seconds_sum 3.05');
  });

  it('takes prom-client’s observe, startTimer and reset into the same counts, and refuses labels', async () => {
    const { ours, theirs, ourRegistry, theirRegistry } = pair();
    ours.observe(0.5);
    theirs.observe(0.5);
    ours.observe({}, 2);
    theirs.observe({}, 2);
    theirs.observe(ours.startTimer()()); // the timer answers the duration it recorded
    const text = await ourRegistry.metrics();
    expect(text).toBe(await theirRegistry.metrics());
    expect(text).toContain('duet_test_seconds_count 3');
    expect(() => ours.observe({ room: 'r1' }, 1)).toThrow(TypeError);
    // After a reset it counts as a new histogram does.
    ours.reset();
    ours.record(0.2);
    const fresh = pair();
    fresh.theirs.observe(0.2);
    const afterReset = await ourRegistry.metrics();
    expect(afterReset).toBe(await fresh.theirRegistry.metrics());
    expect(afterReset).toContain('duet_test_seconds_count 1');
  });
});
