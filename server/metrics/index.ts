/**
 * Prometheus metrics of one Duet server (`GET /metrics`).
 *
 * One registry per server object, never prom-client's global one: two servers in one process (the
 * tests run several) must not count into each other. Labels take values from small fixed sets
 * (a status code, a connection kind, a run's end): never a room id, a name or a path, which would
 * both leak who interviews whom and make a series per room.
 *
 * Gauges of state (open rooms, loaded documents, connections) are read when scraped, from the
 * objects that own that state, so they cannot drift from it.
 */
import type { RequestHandler } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { sameSecret } from '../auth/index.js';
import { forbidden, unauthorized } from '../errors.js';
import { bearerToken } from '../http/middleware.js';
import { CountedHistogram } from './countedHistogram.js';

/** What the gauges read when scraped. */
export interface MetricsSources {
  openRooms(): Promise<number>;
  loadedDocuments(): number;
  connections(): { doc: number; control: number };
}

/** Buckets for appends and relays: a fraction of a millisecond when well, seconds when the disk stalls. */
const LATENCY_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** The hooks the rest of the server calls; cheap enough for every edit. */
export class DuetMetrics {
  readonly registry = new Registry();
  private readonly edits: Counter;
  private readonly editBytes: Counter;
  private readonly appendSeconds: CountedHistogram;
  private readonly relaySeconds: CountedHistogram;
  private readonly storeErrors: Counter;
  private readonly refused: Counter<'transport' | 'status'>;
  private readonly rateLimited: Counter;
  private readonly runs: Counter<'status'>;
  private readonly slowConsumers: Counter;
  private processMetrics = false;
  /**
   * Stored updates and bytes not yet handed to their counters: added here on every batch, handed
   * over when scraped (a prom-client call per batch cost more than the rest of counting it).
   */
  private readonly stored = { updates: 0, bytes: 0 };

  constructor(sources: MetricsSources) {
    const registers = [this.registry];
    new Gauge({
      name: 'duet_rooms_open',
      help: 'Rooms not yet ended.',
      registers,
      async collect() {
        this.set(await sources.openRooms());
      },
    });
    new Gauge({
      name: 'duet_documents_loaded',
      help: 'Documents held in memory (loaded, or loading).',
      registers,
      collect() {
        this.set(sources.loadedDocuments());
      },
    });
    new Gauge({
      name: 'duet_connections',
      help: 'Open connections by kind: doc (y-websocket) or control (socket.io).',
      labelNames: ['kind'],
      registers,
      collect() {
        const { doc, control } = sources.connections();
        this.set({ kind: 'doc' }, doc);
        this.set({ kind: 'control' }, control);
      },
    });
    const stored = this.stored;
    this.edits = new Counter({
      name: 'duet_doc_updates_total',
      help: 'Document updates stored (edits).',
      registers,
      collect() {
        this.inc(stored.updates);
        stored.updates = 0;
      },
    });
    this.editBytes = new Counter({
      name: 'duet_doc_update_bytes_total',
      help: 'Bytes of document updates stored.',
      registers,
      collect() {
        this.inc(stored.bytes);
        stored.bytes = 0;
      },
    });
    this.appendSeconds = new CountedHistogram({
      name: 'duet_store_append_seconds',
      help: 'From handing a batch of updates to the store until it is durable.',
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.relaySeconds = new CountedHistogram({
      name: 'duet_relay_seconds',
      help: 'From receiving an update until it is relayed to the other connections (durable first).',
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.storeErrors = new Counter({ name: 'duet_store_errors_total', help: 'Store operations that failed (appends are retried).', registers });
    this.refused = new Counter({
      name: 'duet_requests_refused_total',
      help: 'Requests answered with an error status: HTTP requests and WebSocket upgrades.',
      labelNames: ['transport', 'status'],
      registers,
    });
    this.rateLimited = new Counter({ name: 'duet_requests_rate_limited_total', help: 'HTTP requests refused with 429.', registers });
    this.runs = new Counter({ name: 'duet_runs_total', help: 'Code runs finished, by how they ended.', labelNames: ['status'], registers });
    this.slowConsumers = new Counter({
      name: 'duet_slow_consumers_total',
      help: 'Document connections dropped for not reading what was sent to them.',
      registers,
    });
  }

  /** A batch of updates is durable: `seconds` since it was handed to the store. */
  appended(count: number, bytes: number, seconds: number): void {
    this.stored.updates += count;
    this.stored.bytes += bytes;
    this.appendSeconds.record(seconds);
  }

  relayed(seconds: number): void {
    this.relaySeconds.record(seconds);
  }

  storeFailed(): void {
    this.storeErrors.inc();
  }

  /** Every HTTP response and refused upgrade passes here; only errors are counted. */
  responded(transport: 'http' | 'ws', status: number): void {
    if (status < 400) return;
    this.refused.inc({ transport, status: String(status) });
    if (status === 429) this.rateLimited.inc();
  }

  runFinished(status: string): void {
    this.runs.inc({ status });
  }

  slowConsumer(): void {
    this.slowConsumers.inc();
  }

  async text(): Promise<string> {
    if (!this.processMetrics) {
      // Process metrics (resident memory, CPU, heap, GC, event-loop lag as `nodejs_eventloop_lag_*`),
      // from the first scrape on: their GC observer and event-loop monitor live as long as the
      // process, so a server nobody scrapes (every test's) does not carry them.
      this.processMetrics = true;
      collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 20 });
    }
    return this.registry.metrics();
  }
}

/** Loopback, as Node reports the peer's address (IPv4, IPv6, and IPv4 mapped into IPv6). */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

/**
 * `GET /metrics`. With `DUET_METRICS_TOKEN` set, only `Authorization: Bearer <token>` (else 401).
 * Without one, only a client on this machine — and not through a proxy on it: a request carrying
 * forwarding headers came from elsewhere, however local its socket is (else 403).
 */
export function metricsHandler(metrics: DuetMetrics, token: string | undefined): RequestHandler {
  return async (req, res) => {
    if (token !== undefined) {
      if (!sameSecret(bearerToken(req), token)) throw unauthorized('send the metrics token as Authorization: Bearer <token>');
    } else {
      const proxied = req.headers['x-forwarded-for'] !== undefined || req.headers['forwarded'] !== undefined;
      if (proxied || !isLoopback(req.socket.remoteAddress)) {
        throw forbidden('metrics are served to this machine only; set DUET_METRICS_TOKEN to scrape from elsewhere');
      }
    }
    res.setHeader('Content-Type', metrics.registry.contentType);
    res.setHeader('Cache-Control', 'no-store');
    res.send(await metrics.text());
  };
}
