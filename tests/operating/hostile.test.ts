// Issue 20, must show 5: the two hostile cases, against a server in its own process (so its event
// loop and its memory are measured, not the test's).
//   1. 500 sync step 1s in one burst on one connection, on a ~200 KB pad: /healthz stays quick
//      (p99 < 200 ms) while they are served, and they are answered as a few, not 500 encodings.
//   2. A reader that stops reading while ~48 MB of updates flow through its room: the server's
//      resident memory grows by at most 100 MB, and the reader is dropped as a slow consumer (4408).
//      (Its queue is bounded before anything is queued; the rest of the bound is the append log
//      taken into SQLite in runs of at most 2 MB rather than a second of megabyte pastes at once.)
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { PAD } from '../../shared/schema.js';
import { createRoom, decodeFrame, rawConnect, syncStep1Frame, updateFrame } from '../helpers/clients.js';
import { startChildServer, tempDir, type ChildServer } from '../helpers/server.js';

const children: ChildServer[] = [];
afterAll(() => {
  for (const child of children) child.proc.kill('SIGKILL');
});

/** The child's resident memory in bytes, from /proc (what the kernel charges the process). */
const rssOf = (pid: number): number => Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('hostile clients', () => {
  it('a burst of 500 sync step 1s on a 200 KB pad: /healthz p99 < 200 ms, answered without 500 encodings', async () => {
    const server = await startChildServer(tempDir());
    children.push(server);
    const room = await createRoom(server.url);
    const path = `/yjs/${room.room.id}/pad`;
    // A ~200 KB pad, written by a real client.
    const writer = await rawConnect(server.wsUrl, path, { token: room.hostToken });
    writer.send(syncStep1Frame());
    const author = new Y.Doc();
    const lines = Array.from({ length: 4000 }, (_, i) => `const value${i} = compute(${i}); // padding text\n`).join('');
    author.getText(PAD.code).insert(0, lines);
    writer.send(updateFrame(Y.encodeStateAsUpdate(author)));
    const attacker = await rawConnect(server.wsUrl, path, { token: room.hostToken });
    attacker.send(syncStep1Frame(author));
    await expect.poll(() => attacker.frames.length, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(Y.encodeStateAsUpdate(author).length).toBeGreaterThan(190_000);

    // Health checks one after another for the whole time the burst is served.
    const latencies: number[] = [];
    let measuring = true;
    const probe = (async () => {
      while (measuring) {
        const started = performance.now();
        const res = await fetch(`${server.url}/healthz`);
        await res.text();
        latencies.push(performance.now() - started);
      }
    })();
    await pause(200);
    const framesBefore = attacker.frames.length;
    // 500 frames back to back: they arrive together, as a hostile client sends them.
    const frame = Buffer.from(syncStep1Frame());
    for (let i = 0; i < 500; i++) attacker.ws.send(frame);
    await pause(3000);
    measuring = false;
    await probe;

    const answers = attacker.frames.slice(framesBefore).map(decodeFrame).filter((d) => d.kind === 'sync-step2');
    // Coalesced: while one answer is being written, later step 1s leave only the last to answer.
    expect(answers.length).toBeGreaterThan(0);
    expect(answers.length).toBeLessThan(500);
    expect(latencies.length).toBeGreaterThan(10);
    expect(percentile(latencies, 99), `healthz latencies (ms): ${latencies.map((l) => Math.round(l)).join(' ')}`).toBeLessThan(200);
    writer.close();
    attacker.close();
    server.proc.kill('SIGTERM');
    await server.exited;
  });

  it('a reader that stops reading while ~48 MB flow through its room: RSS grows ≤ 100 MB, the reader is dropped', async () => {
    const server = await startChildServer(tempDir());
    children.push(server);
    const pid = server.proc.pid!;
    const room = await createRoom(server.url);
    const path = `/yjs/${room.room.id}/pad`;
    const reader = await rawConnect(server.wsUrl, path, { token: room.hostToken });
    reader.send(syncStep1Frame());
    await expect.poll(() => reader.frames.length, { timeout: 10_000 }).toBeGreaterThan(0);
    (reader.ws as unknown as { _socket: { pause(): void } })._socket.pause();

    const writer = await rawConnect(server.wsUrl, path, { token: room.hostToken });
    writer.send(syncStep1Frame());
    await pause(300);
    const baseline = rssOf(pid);
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, rssOf(pid))), 25);

    // 48 updates of 1 MB: each inserts a megabyte and the next deletes it, so the pad stays small
    // (under its size cap) while 48 MB go through the room.
    const author = new Y.Doc();
    const text = author.getText(PAD.code);
    const chunk = 'x'.repeat(1024 * 1024);
    let sent = 0;
    for (let i = 0; i < 48; i++) {
      const before = Y.encodeStateVector(author);
      author.transact(() => {
        if (text.length > 0) text.delete(0, text.length);
        text.insert(0, chunk);
      });
      writer.send(updateFrame(Y.encodeStateAsUpdate(author, before)));
      sent += chunk.length;
      // The writer's own socket is not what is measured: let it drain.
      while (writer.ws.bufferedAmount > 0) await pause(5);
      await pause(20);
    }
    await pause(1000);
    clearInterval(sampler);
    peak = Math.max(peak, rssOf(pid));
    expect(sent).toBeGreaterThanOrEqual(48 * 1024 * 1024);
    const growth = peak - baseline;
    expect(growth, `RSS ${Math.round(baseline / 2 ** 20)} → peak ${Math.round(peak / 2 ** 20)} MB`).toBeLessThanOrEqual(100 * 1024 * 1024);
    // The reader was dropped for not reading (4408, sent behind what it never read, then the
    // socket cut), rather than buffered without end: the server counted it.
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/^duet_slow_consumers_total 1$/m);
    (reader.ws as unknown as { _socket: { resume(): void } })._socket.resume();
    await reader.closed;
    writer.close();
    server.proc.kill('SIGTERM');
    await server.exited;
  });
});
