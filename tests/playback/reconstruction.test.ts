// Must show 1: edits made at known times; for random T, the pad and the board rebuilt from the
// replay (every update with t ≤ T) equal what a client saw at T.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromBase64 } from 'lib0/buffer';
import * as Y from 'yjs';
import type { ReplayResponse } from '../../shared/replay.js';
import { PAD } from '../../shared/schema.js';
import { DocTimeline } from '../../client/src/playback/timeline.js';
import { api, connectProvider, createRoom, type ProviderClient } from '../helpers/clients.js';
import { startServer, waitFor, type TestServer } from '../helpers/server.js';

let server: TestServer;
const clients: ProviderClient[] = [];
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await server.close();
});

/** Deterministic, so a failure can be replayed. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What a client shows: the code and the board, as comparable values. */
function seen(doc: Y.Doc): { code: string; board: Record<string, unknown> } {
  return { code: doc.getText(PAD.code).toString(), board: doc.getMap(PAD.shapes).toJSON() };
}

/** One random edit of the code or the board, as a candidate's client makes it. */
function edit(doc: Y.Doc, random: () => number, n: number): void {
  const code = doc.getText(PAD.code);
  const shapes = doc.getMap<Y.Map<unknown>>(PAD.shapes);
  const pick = random();
  if (pick < 0.45 || code.length === 0) {
    code.insert(Math.floor(random() * (code.length + 1)), `x${n}=${n};\n`);
  } else if (pick < 0.6) {
    const at = Math.floor(random() * code.length);
    code.delete(at, Math.min(3, code.length - at));
  } else if (pick < 0.8 || shapes.size === 0) {
    doc.transact(() => {
      const shape = new Y.Map<unknown>();
      shapes.set(`s${n}`, shape);
      for (const [k, v] of Object.entries({ type: 'rect', x: n * 10, y: 20, w: 80, h: 40, z: n, label: `box ${n}` })) shape.set(k, v);
    });
  } else if (pick < 0.92) {
    const ids = [...shapes.keys()];
    shapes.get(ids[Math.floor(random() * ids.length)]!)!.set('x', Math.round(random() * 500));
  } else {
    const ids = [...shapes.keys()];
    shapes.delete(ids[Math.floor(random() * ids.length)]!);
  }
}

describe('replay reconstruction', () => {
  it('rebuilds the pad and the board at random moments exactly as a watching client saw them', async () => {
    const room = await createRoom(server.url, { hostName: 'Ivy' });
    const candidate = await room.join('candidate', 'Cam');
    const observer = await room.join('observer', 'Oz');
    const writer = await connectProvider(server.wsUrl, room.room.id, 'pad', candidate.token);
    const watcher = await connectProvider(server.wsUrl, room.room.id, 'pad', observer.token);
    clients.push(writer, watcher);

    const random = rng(16);
    // Moment i: from when the watcher saw edit i until edit i+1 was sent, it saw states[i].
    const moments: { from: number; to: number; state: ReturnType<typeof seen> }[] = [];
    let shownSince = Date.now();
    let shown = seen(watcher.doc);
    const EDITS = 40;
    for (let n = 0; n < EDITS; n++) {
      const sentAt = Date.now();
      moments.push({ from: shownSince, to: sentAt, state: shown });
      edit(writer.doc, random, n);
      const expected = JSON.stringify(seen(writer.doc));
      await waitFor(() => JSON.stringify(seen(watcher.doc)) === expected, 5000, `edit ${n} to reach the watcher`);
      shownSince = Date.now();
      shown = seen(watcher.doc);
      await sleep(5 + Math.floor(random() * 15));
    }
    moments.push({ from: shownSince, to: shownSince + 60_000, state: shown });

    const res = await api<ReplayResponse>(server.url, 'GET', `/api/rooms/${room.room.id}/replay`, { token: room.hostToken });
    expect(res.status).toBe(200);
    const replay = res.body;
    expect(replay.start).toBe(room.room.createdAt);
    expect(Object.keys(replay.docs).sort()).toEqual(['notes', 'pad']);
    const pad = replay.docs.pad!;
    expect(pad.length).toBeGreaterThanOrEqual(EDITS);
    expect(pad.every((u) => u.by === candidate.participant.id)).toBe(true);
    for (let i = 1; i < pad.length; i++) expect(pad[i]!.t).toBeGreaterThanOrEqual(pad[i - 1]!.t);

    const timeline = new DocTimeline(pad);
    /** What the playback page shows at T: the pad read off the timeline. */
    const shownAt = (T: number) => {
      const applied = timeline.countAt(T);
      return { code: timeline.textAt(PAD.code, applied).text, board: timeline.mapAt(PAD.shapes, applied) };
    };
    const checks = moments.filter((m) => m.to > m.from);
    expect(checks.length).toBeGreaterThan(EDITS / 2);
    for (let k = 0; k < 60; k++) {
      const m = checks[Math.floor(random() * checks.length)]!;
      const T = m.from + Math.floor(random() * (m.to - m.from));
      expect(shownAt(T), `at T=${T}`).toEqual(m.state);
      // The format's own rule, without the timeline: every update with t ≤ T, in order, to an empty doc.
      const plain = new Y.Doc();
      for (const u of pad) if (u.t <= T) Y.applyUpdate(plain, fromBase64(u.update));
      expect(seen(plain)).toEqual(m.state);
    }

    // Every moment in order, as playing passes through them, agrees too.
    for (const m of checks) expect(shownAt(m.from)).toEqual(m.state);

    // Every visible character is attributed to the update that typed it: the candidate's.
    const final = timeline.textAt(PAD.code, timeline.countAt(replay.end));
    const spans = final.spans;
    expect(spans.at(-1)?.to).toBe(final.text.length);
    expect(spans.every((s) => s.update >= 0 && timeline.authors[s.update] === candidate.participant.id)).toBe(true);
  });
});
