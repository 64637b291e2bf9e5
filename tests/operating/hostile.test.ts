// Issue 20, must show 5: the hostile cases, against a server in its own process (so its event
// loop and its memory are measured, not the test's).
//   1. 500 sync step 1s in one burst on one connection, on a ~200 KB pad: /healthz stays quick
//      (p99 < 200 ms) while they are served, and they are answered as a few, not 500 encodings.
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { PAD } from '../../shared/schema.js';
import { createRoom, decodeFrame, rawConnect, syncStep1Frame, updateFrame } from '../helpers/clients.js';
import { startChildServer, tempDir, type ChildServer } from '../helpers/server.js';

const children: ChildServer[] = [];
afterAll(() => {
  for (const child of children) child.proc.kill('SIGKILL');
});

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
});
