// Stored acks (duet.v1): what a writer is told is stored. Never more than is stored, the first at
// once, then at most one per pacing interval however fast the edits come — and the last
// edit of a burst is acknowledged within that interval, while every edit is relayed at once.
import * as decoding from 'lib0/decoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { STORED_ACK_SPACING_MS as SPACING_MS } from '../../server/collab/ackPacer.js';
import { PAD } from '../../shared/schema.js';
import { createRoom, decodeFrame, rawConnect, syncStep1Frame, updateFrame, type RawClient } from '../helpers/clients.js';
import { startServer, waitFor, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

interface Ack {
  at: number;
  clock: number;
}

/** The writer's acks (its own client's clock in each): those received so far, then each as it arrives. */
function watchAcks(writer: RawClient, clientId: number): Ack[] {
  const acks: Ack[] = [];
  const record = (frame: Uint8Array, at: number) => {
    const d = decoding.createDecoder(frame);
    if (decoding.readVarUint(d) !== 100) return;
    acks.push({ at, clock: Y.decodeStateVector(decoding.readVarUint8Array(d)).get(clientId) ?? 0 });
  };
  for (const frame of writer.frames) record(frame, 0);
  writer.ws.on('message', (data: Buffer) => record(new Uint8Array(data), performance.now()));
  return acks;
}

describe('stored acks', () => {
  it('acknowledge a burst of edits a few times, never ahead of the store, the last within the spacing', async () => {
    const room = await createRoom(server.url);
    const cand = await room.join('candidate', 'Ada');
    const path = `/yjs/${room.room.id}/pad`;
    const writer = await rawConnect(server.wsUrl, path, { token: cand.token, viaProtocol: true });
    const reader = await rawConnect(server.wsUrl, path, { token: room.hostToken });
    const local = new Y.Doc();
    const acks = watchAcks(writer, local.clientID);
    writer.send(syncStep1Frame());
    reader.send(syncStep1Frame());
    await waitFor(() => acks.length > 0, 5000, 'the ack on attaching');
    await new Promise((r) => setTimeout(r, SPACING_MS));

    // One-character edits every 20 ms for two and a half spacings: fast typing.
    const EDITS = Math.round((2.5 * SPACING_MS) / 20);
    const started = performance.now();
    const sentAt: number[] = [];
    for (let i = 0; i < EDITS; i++) {
      const before = Y.encodeStateVector(local);
      local.getText(PAD.code).insert(i, 'x');
      writer.send(updateFrame(Y.encodeStateAsUpdate(local, before)));
      sentAt.push(performance.now());
      await new Promise((r) => setTimeout(r, 20));
    }
    const lastSent = performance.now();
    await waitFor(() => acks.at(-1)!.clock === EDITS, 5000, 'the whole burst acknowledged');
    const finalAck = acks.at(-1)!;
    // Every edit is relayed at once, paced or not.
    await waitFor(() => reader.frames.map(decodeFrame).filter((f) => f.kind === 'sync-update').length === EDITS, 5000, 'relayed');

    const during = acks.filter((a) => a.at >= started);
    // The first edit is acknowledged at once (no ack in the interval before it) …
    expect(during[0]!.at - sentAt[0]!).toBeLessThan(SPACING_MS / 2);
    // … then at most one ack per spacing: a few acks, some while the edits still come, not one per edit.
    expect(during.length).toBeLessThanOrEqual(Math.ceil((finalAck.at - started) / SPACING_MS) + 1);
    expect(during.filter((a) => a.at < lastSent).length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < during.length; i++) {
      // Allow a little for timer and socket jitter; an unpaced ack would come ≈ 20 ms after the last.
      expect(during[i]!.at - during[i - 1]!.at).toBeGreaterThan(SPACING_MS * 0.8);
      expect(during[i]!.clock).toBeGreaterThanOrEqual(during[i - 1]!.clock);
    }
    // Never ahead of what was sent by then (so never of what is stored), and the last edit's ack
    // within the spacing (plus the machine's slack).
    for (const ack of during) expect(ack.clock).toBeLessThanOrEqual(sentAt.filter((t) => t < ack.at).length);
    expect(finalAck.at - lastSent).toBeLessThan(SPACING_MS + 250);
    // What was acknowledged is what the store holds.
    const stored = await server.server.store.listUpdates(`${room.room.id}/pad`);
    const replay = new Y.Doc();
    for (const entry of stored) Y.applyUpdate(replay, entry.update);
    expect(replay.getText(PAD.code).toString()).toBe('x'.repeat(EDITS));
    writer.close();
    reader.close();
  });
});
