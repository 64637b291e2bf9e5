// Issue 20, must show 1: `/metrics` parses as Prometheus text, its counters move with real traffic
// (edits through stock y-websocket clients, refused requests and upgrades, a rate limit, a run),
// and it is refused without the token (401) or, with none configured, through a proxy (403).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLoopback } from '../../server/metrics/index.js';
import { PAD } from '../../shared/schema.js';
import { api, connectControl, connectProvider, createRoom, upgradeStatus } from '../helpers/clients.js';
import { startServer, waitFor, type TestServer } from '../helpers/server.js';
import { DEFAULT_RATE_LIMITS } from '../../server/http/rateLimits.js';

const TOKEN = 'metrics-token-0123456789abcdef';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/**
 * A strict reader of the text exposition format (0.0.4): every line is a comment (`# HELP`,
 * `# TYPE`) or a sample `name{label="value",…} number`, and every sample belongs to a family
 * declared by a `# TYPE` line before it. Throws on anything else. (Values parse as Go's ParseFloat
 * does, case-insensitively: prom-client writes a gauge with no data yet as `Nan`.)
 */
function parsePrometheus(text: string): Sample[] {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  const sampleLine = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (-?[0-9.eE+-]+|NaN|Nan|\+Inf|-Inf)$/;
  const label = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const type = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/.exec(line);
    if (type) {
      types.set(type[1]!, type[2]!);
      continue;
    }
    if (/^# HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*$/.test(line)) continue;
    const m = sampleLine.exec(line);
    if (!m) throw new Error(`not a Prometheus line: ${line}`);
    const name = m[1]!;
    const family = [...types.keys()].find((f) => name === f || ((types.get(f) === 'histogram' || types.get(f) === 'summary') && /^(.*)_(bucket|sum|count)$/.exec(name)?.[1] === f));
    if (!family) throw new Error(`sample before its # TYPE: ${line}`);
    const labels: Record<string, string> = {};
    const body = m[3] ?? '';
    const consumed = [...body.matchAll(label)].map((l) => {
      labels[l[1]!] = l[2]!;
      return l[0];
    });
    if (consumed.join(',') !== body.replace(/,$/, '')) throw new Error(`bad labels: ${line}`);
    samples.push({ name, labels, value: Number(m[4]) });
  }
  return samples;
}

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ metricsToken: TOKEN, limits: { rateLimits: { ...DEFAULT_RATE_LIMITS, createRooms: 3 } } });
});
afterAll(() => server.close());

async function scrape(): Promise<Sample[]> {
  const res = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheus(await res.text());
}

/** The value of one series (0 when absent, as a counter that never moved is). */
const value = (samples: Sample[], name: string, labels: Record<string, string> = {}): number =>
  samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value ?? 0;

describe('/metrics', () => {
  it('refuses without the token (401) and with a wrong one', async () => {
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    const wrong = await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer not-the-token-at-all' } });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: { code: 'unauthorized' } });
  });

  it('parses as Prometheus text, with conventional names and no room ids in labels', async () => {
    const room = await createRoom(server.url, { title: 'Metric names' });
    const text = await (await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
    const samples = parsePrometheus(text);
    const names = new Set(samples.map((s) => s.name));
    for (const name of [
      'duet_rooms_open',
      'duet_documents_loaded',
      'duet_connections',
      'duet_doc_updates_total',
      'duet_doc_update_bytes_total',
      'duet_store_append_seconds_bucket',
      'duet_relay_seconds_count',
      'duet_store_errors_total',
      'duet_requests_refused_total',
      'duet_requests_rate_limited_total',
      'nodejs_eventloop_lag_p99_seconds',
      'process_resident_memory_bytes',
    ]) {
      expect(names, name).toContain(name);
    }
    // Counters end in _total; durations are in seconds.
    for (const line of text.split('\n').filter((l) => l.startsWith('# TYPE duet_'))) {
      const [, , name, type] = line.split(' ');
      if (type === 'counter') expect(name).toMatch(/_total$/);
      if (type === 'histogram') expect(name).toMatch(/_seconds$/);
    }
    expect(text).not.toContain(room.room.id);
  });

  it('counts edits, bytes, relays, connections and documents from real clients', async () => {
    const before = await scrape();
    const room = await createRoom(server.url, { title: 'Traffic' });
    const cand = await room.join('candidate', 'Cara');
    const a = await connectProvider(server.wsUrl, room.room.id, 'pad', room.hostToken);
    const b = await connectProvider(server.wsUrl, room.room.id, 'pad', cand.token);
    const text = b.doc.getText(PAD.code);
    const payload = 'x'.repeat(100);
    for (let i = 0; i < 20; i++) a.doc.getText(PAD.code).insert(0, payload);
    await waitFor(() => text.length === 2000, 8000, 'edits relayed');

    const after = await scrape();
    expect(value(after, 'duet_doc_updates_total') - value(before, 'duet_doc_updates_total')).toBeGreaterThanOrEqual(20);
    expect(value(after, 'duet_doc_update_bytes_total') - value(before, 'duet_doc_update_bytes_total')).toBeGreaterThanOrEqual(2000);
    expect(value(after, 'duet_relay_seconds_count') - value(before, 'duet_relay_seconds_count')).toBeGreaterThanOrEqual(20);
    expect(value(after, 'duet_store_append_seconds_count')).toBeGreaterThan(value(before, 'duet_store_append_seconds_count'));
    expect(value(after, 'duet_connections', { kind: 'doc' })).toBe(value(before, 'duet_connections', { kind: 'doc' }) + 2);
    expect(value(after, 'duet_documents_loaded')).toBeGreaterThanOrEqual(1);
    expect(value(after, 'duet_rooms_open')).toBe(value(before, 'duet_rooms_open') + 1);
    a.destroy();
    b.destroy();
    await waitFor(async () => value(await scrape(), 'duet_connections', { kind: 'doc' }) === value(before, 'duet_connections', { kind: 'doc' }), 5000, 'connections closed');
  });

  it('counts refused requests and upgrades by status, rate limits, and finished runs', async () => {
    const before = await scrape();
    const room = await createRoom(server.url, { title: 'Refusals' });
    expect((await api(server.url, 'GET', `/api/rooms/${room.room.id}`, { token: 'garbage' })).status).toBe(401);
    expect(await upgradeStatus(server.wsUrl, `/yjs/${room.room.id}/pad`, { token: 'garbage' })).toBe(401);
    // The create limit is 3 a window: the first scrape's rooms took some; go on until refused.
    let status = 0;
    for (let i = 0; i < 4 && status !== 429; i++) status = (await api(server.url, 'POST', '/api/rooms', { body: {} })).status;
    expect(status).toBe(429);

    const { socket } = await connectControl(server.url, room.hostToken);
    const emit = (event: string, payload: unknown) =>
      (socket.timeout(5000) as unknown as { emitWithAck(e: string, p: unknown): Promise<{ ok: boolean; run?: { id: string } }> }).emitWithAck(event, payload);
    const started = await emit('run:start', { language: 'javascript', kind: 'run' });
    expect(started.ok).toBe(true);
    expect((await emit('run:end', { runId: started.run!.id, status: 'ok', durationMs: 5 })).ok).toBe(true);
    socket.close();

    const after = await scrape();
    const delta = (name: string, labels: Record<string, string> = {}) => value(after, name, labels) - value(before, name, labels);
    expect(delta('duet_requests_refused_total', { transport: 'http', status: '401' })).toBe(1);
    expect(delta('duet_requests_refused_total', { transport: 'ws', status: '401' })).toBe(1);
    expect(delta('duet_requests_refused_total', { transport: 'http', status: '429' })).toBe(1);
    expect(delta('duet_requests_rate_limited_total')).toBe(1);
    expect(delta('duet_runs_total', { status: 'ok' })).toBe(1);
  });
});

describe('/metrics without a token configured', () => {
  let open: TestServer;
  beforeAll(async () => {
    open = await startServer();
  });
  afterAll(() => open.close());

  it('is served to this machine, but not through a proxy', async () => {
    const local = await fetch(`${open.url}/metrics`);
    expect(local.status).toBe(200);
    expect(parsePrometheus(await local.text()).length).toBeGreaterThan(0);
    const proxied = await fetch(`${open.url}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(proxied.status).toBe(403);
  });

  it('knows loopback addresses from others', () => {
    for (const a of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1']) expect(isLoopback(a), a).toBe(true);
    for (const a of ['10.0.0.1', '::ffff:192.168.1.2', '203.0.113.9', 'fe80::1', undefined]) expect(isLoopback(a), String(a)).toBe(false);
  });
});

