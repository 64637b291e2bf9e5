// Stored acks (duet.v1): what a writer is told is stored. Never more than is stored; the first edit
// after a while at once, then, while edits keep coming, at most one per `maxMs`; once they pause,
// one ack `quietMs` after the last — while every edit is relayed at once.
import * as decoding from 'lib0/decoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ackIsDue, STORED_ACK_PACING } from '../../server/collab/ackPacer.js';
import { PAD } from '../../shared/schema.js';
import { createRoom, decodeFrame, rawConnect, syncStep1Frame, updateFrame, type RawClient } from '../helpers/clients.js';
import { startServer, waitFor, type TestServer } from '../helpers/server.js';

const { quietMs: QUIET_MS, maxMs: MAX_MS, tickMs: TICK_MS } = STORED_ACK_PACING;

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

/** One-character edits of `local`, sent by `writer` every 20 ms for `ms`; when each was sent. */
async function type(writer: RawClient, local: Y.Doc, ms: number): Promise<number[]> {
  const sentAt: number[] = [];
  const count = Math.round(ms / 20);
  for (let i = 0; i < count; i++) {
    const before = Y.encodeStateVector(local);
    const text = local.getText(PAD.code);
    text.insert(text.length, 'x');
    writer.send(updateFrame(Y.encodeStateAsUpdate(local, before)));
    sentAt.push(performance.now());
    await new Promise((r) => setTimeout(r, 20));
  }
  return sentAt;
}

describe('ack pacing', () => {
  const pacing = STORED_ACK_PACING;
  it('releases an ack once its writer paused, or once its previous ack is old enough', () => {
    expect(ackIsDue(pacing, { lastWriteAt: 1000, ackedAt: 900, ackDue: () => {} }, 1000 + QUIET_MS - 1)).toBe(false);
    expect(ackIsDue(pacing, { lastWriteAt: 1000, ackedAt: 900, ackDue: () => {} }, 1000 + QUIET_MS)).toBe(true);
    expect(ackIsDue(pacing, { lastWriteAt: 5000, ackedAt: 4990 - MAX_MS, ackDue: () => {} }, 5000)).toBe(true);
    expect(ackIsDue(pacing, { lastWriteAt: 5000, ackedAt: -Infinity, ackDue: () => {} }, 5000)).toBe(true);
  });
});

describe('stored acks', () => {
  it('acknowledge uninterrupted typing a few times, never ahead of the store, and a pause soon after it', async () => {
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
    await new Promise((r) => setTimeout(r, MAX_MS));

    // One-character edits every 20 ms, without a pause, for two and a half times the longest gap.
    const started = performance.now();
    const sentAt = await type(writer, local, 2.5 * MAX_MS);
    const EDITS = sentAt.length;
    const lastSent = performance.now();
    await waitFor(() => acks.at(-1)!.clock === EDITS, 5000, 'the whole burst acknowledged');
    const finalAck = acks.at(-1)!;
    // Every edit is relayed at once, paced or not.
    await waitFor(() => reader.frames.map(decodeFrame).filter((f) => f.kind === 'sync-update').length === EDITS, 5000, 'relayed');

    const during = acks.filter((a) => a.at >= started);
    // The first edit is acknowledged at once (no ack for longer than the longest gap before it) …
    expect(during[0]!.at - sentAt[0]!).toBeLessThan(TICK_MS + 250);
    // … then at most one ack per longest gap while the edits still come: a few, not one per edit.
    const whileTyping = during.filter((a) => a.at < lastSent);
    expect(whileTyping.length).toBeLessThanOrEqual(Math.ceil((lastSent - started) / MAX_MS) + 1);
    expect(whileTyping.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < whileTyping.length; i++) {
      // Allow a little for timer and socket jitter; an unpaced ack would come ≈ 20 ms after the last.
      expect(whileTyping[i]!.at - whileTyping[i - 1]!.at).toBeGreaterThan(MAX_MS * 0.8);
    }
    for (let i = 1; i < during.length; i++) expect(during[i]!.clock).toBeGreaterThanOrEqual(during[i - 1]!.clock);
    // Never ahead of what was sent by then (so never of what is stored), and the last edit's ack
    // soon after the typing stopped (plus the machine's slack).
    for (const ack of during) expect(ack.clock).toBeLessThanOrEqual(sentAt.filter((t) => t < ack.at).length);
    expect(finalAck.at - lastSent).toBeLessThan(QUIET_MS + TICK_MS + 250);

    // A few more edits right after an ack: their ack waits for the pause, then comes at once.
    const more = await type(writer, local, 100);
    const lastMore = more.at(-1)!;
    await waitFor(() => acks.at(-1)!.clock === EDITS + more.length, 5000, 'the short burst acknowledged');
    const pauseAck = acks.at(-1)!;
    expect(acks.filter((a) => a.at > finalAck.at)).toHaveLength(1);
    expect(pauseAck.at - lastMore).toBeGreaterThanOrEqual(QUIET_MS - 5);
    expect(pauseAck.at - lastMore).toBeLessThan(QUIET_MS + TICK_MS + 250);
    const total = EDITS + more.length;
    // What was acknowledged is what the store holds.
    const stored = await server.server.store.listUpdates(`${room.room.id}/pad`);
    const replay = new Y.Doc();
    for (const entry of stored) Y.applyUpdate(replay, entry.update);
    expect(replay.getText(PAD.code).toString()).toBe('x'.repeat(total));
    writer.close();
    reader.close();
  });
});
