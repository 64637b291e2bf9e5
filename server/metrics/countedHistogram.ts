/**
 * A histogram without labels, observed on every edit. prom-client's own `observe` makes a closure,
 * a label object and its hash per call: on the relay path of each keystroke that was about 2 % of
 * the server's CPU. Here an observation is a bucket search and two additions; prom-client still
 * names, registers and formats the histogram, and only its values come from these counts, so
 * `observe` and `reset` are routed to them too.
 */
import { Histogram, type Registry } from 'prom-client';

/** One exported sample, as prom-client's registry reads it. */
interface ExportedSample {
  metricName?: string;
  labels: { le?: number | string };
  value: number;
}

/** The method prom-client's registry reads for the text format, and `get()` for JSON. */
interface PromStringSource {
  getForPromString(this: Histogram): Promise<{ values: ExportedSample[] }>;
}

export interface CountedHistogramConfiguration {
  name: string;
  help: string;
  /** Upper bounds, ascending: an observation counts in the first bucket it does not exceed. */
  buckets: readonly number[];
  registers: Registry[];
}

export class CountedHistogram extends Histogram {
  private readonly bounds: readonly number[];
  /** Observations per bucket (not cumulative); the last slot is for those above every bound. */
  private readonly counts: Float64Array;
  private sum = 0;
  private readonly sampleNames: { sum: string; count: string };

  constructor({ name, help, buckets, registers }: CountedHistogramConfiguration) {
    super({ name, help, buckets: [...buckets], registers });
    this.bounds = buckets;
    this.sampleNames = { sum: `${name}_sum`, count: `${name}_count` };
    this.counts = new Float64Array(buckets.length + 1);
    this.observe = this.observeCounted as Histogram['observe'];
  }

  record(value: number): void {
    const bounds = this.bounds;
    let i = 0;
    while (i < bounds.length && value > bounds[i]!) i++;
    this.counts[i]!++;
    this.sum += value;
  }

  /**
   * Stands for prom-client's `observe` (an instance property it sets in its constructor), which its
   * `startTimer` calls with an empty label object. The histogram has no labels, so any other label
   * or exemplar form is refused rather than lost.
   */
  private observeCounted(valueOrLabels: number | object, labelledValue?: number): void {
    if (typeof valueOrLabels === 'number' && labelledValue === undefined) return this.record(valueOrLabels);
    if (typeof labelledValue === 'number' && Object.keys(valueOrLabels).length === 0) return this.record(labelledValue);
    throw new TypeError(`${this.sampleNames.count.slice(0, -'_count'.length)} has no labels or exemplars`);
  }

  /**
   * Zeroes these counts only: prom-client's reset drops the sample set its output is built on, and
   * nothing else writes to prom-client's values, so they stay the zeros of a new histogram.
   */
  override reset(): void {
    // prom-client's constructor resets too, before this class's fields exist.
    this.counts?.fill(0);
    this.sum = 0;
  }

  /** prom-client's output for this histogram, with these counts put in its samples. */
  async getForPromString(): Promise<{ values: ExportedSample[] }> {
    const data = await (Histogram.prototype as unknown as PromStringSource).getForPromString.call(this);
    const cumulative = new Map<number | string, number>();
    let below = 0;
    this.bounds.forEach((bound, i) => cumulative.set(bound, (below += this.counts[i]!)));
    const count = below + this.counts[this.bounds.length]!;
    for (const sample of data.values) {
      if (sample.metricName === this.sampleNames.sum) sample.value = this.sum;
      else if (sample.metricName === this.sampleNames.count) sample.value = count;
      else sample.value = cumulative.get(sample.labels.le ?? '+Inf') ?? count;
    }
    return data;
  }
}
