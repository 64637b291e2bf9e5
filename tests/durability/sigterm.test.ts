// SIGTERM and SIGINT while a client is still typing: the server stops accepting, closes document
// sockets with 1001, and stores everything it received — every update the client sent before it
// saw the close, not only those already relayed — then exits 0 within 10 s.
//
// The writer speaks duet.v1 (stored acks) and never waits: it sends an update every turn, with a
// sync step 1 now and then (as a resyncing client does; in `fsync` mode an answer waits for the
// disk, so the frames behind it are queued at the server when the signal lands). "Sent" counts
// only sends made while the socket was open: each is on the wire before the client's reply to
// the server's close, so the server read it.
import * as decoding from 'lib0/decoding';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { PAD } from '../../shared/schema.js';
import { CloseCode, DUET_STORED_MESSAGE } from '../../shared/wire.js';
import { connectProvider, createRoom, rawConnect, syncStep1Frame, updateFrame } from '../helpers/clients.js';
import { startChildServer, tempDir, waitFor, type ChildServer } from '../helpers/server.js';

const children: ChildServer[] = [];
afterAll(() => {
  for (const c of children) c.proc.kill('SIGKILL');
});

const piece = (i: number) => `<${i}>`;

/** The state vector of the writer's last stored ack (what the server said it had stored). */
function lastStoredAck(frames: Uint8Array[]): Map<number, number> | null {
  let last: Map<number, number> | null = null;
  for (const frame of frames) {
    const d = decoding.createDecoder(frame);
    if (decoding.readVarUint(d) === DUET_STORED_MESSAGE) last = Y.decodeStateVector(decoding.readVarUint8Array(d));
  }
  return last;
}

async function stopWhileTyping(signal: 'SIGTERM' | 'SIGINT', durability: 'process' | 'fsync') {
  const dataDir = tempDir();
  const server = await startChildServer(dataDir, { DUET_DURABILITY: durability });
  children.push(server);
  const room = await createRoom(server.url);
  const cand = await room.join('candidate', 'Terry');
  const reader = await rawConnect(server.wsUrl, `/yjs/${room.room.id}/pad`, { token: room.hostToken });
  reader.send(syncStep1Frame());
  const writer = await rawConnect(server.wsUrl, `/yjs/${room.room.id}/pad`, { token: cand.token, viaProtocol: true });
  const local = new Y.Doc();
  let sent = 0;
  let signalled = 0;
  const stopped = new Promise<void>((resolve) => {
    const typeOne = () => {
      if (writer.ws.readyState !== writer.ws.OPEN) return resolve();
      let update: Uint8Array | null = null;
      local.once('update', (u: Uint8Array) => (update = u));
      local.getText(PAD.code).insert(local.getText(PAD.code).length, piece(sent));
      writer.send(updateFrame(update!));
      if (sent % 10 === 0) writer.send(syncStep1Frame(local));
      sent++;
      // Mid-stream: long before the updates sent so far could all have been relayed.
      if (sent === 300) {
        signalled = sent;
        server.proc.kill(signal);
      }
      setImmediate(typeOne);
    };
    typeOne();
  });

  const started = Date.now();
  const [closed, exit] = await Promise.all([writer.closed, server.exited, stopped]);
  expect(closed.code).toBe(CloseCode.goingAway);
  expect(exit).toBe(0);
  expect(Date.now() - started).toBeLessThan(10_000);
  expect(signalled).toBe(300);
  expect(sent).toBeGreaterThanOrEqual(300);
  const relayed = reader.doc().getText(PAD.code).toString();
  const acked = lastStoredAck(writer.frames);

  const again = await startChildServer(dataDir);
  children.push(again);
  const fresh = await connectProvider(again.wsUrl, room.room.id, 'pad', room.hostToken);
  const stored = fresh.doc.getText(PAD.code).toString();
  // Every update sent while the socket was open is stored, exactly once and in order …
  expect(stored).toBe(Array.from({ length: sent }, (_, i) => piece(i)).join(''));
  // … which covers what was relayed and what the server acknowledged as stored.
  expect(stored.startsWith(relayed)).toBe(true);
  expect(acked).not.toBeNull();
  const storedVector = Y.decodeStateVector(Y.encodeStateVector(fresh.doc));
  for (const [client, clock] of acked!) expect(storedVector.get(client) ?? 0).toBeGreaterThanOrEqual(clock);
  fresh.destroy();
  again.proc.kill('SIGTERM');
  await again.exited;
  return { sent, relayedPieces: relayed.split('<').length - 1 };
}

describe('stopping with updates in flight', () => {
  it('SIGTERM: stores every update received, closes sockets with 1001 and exits 0 in time', async () => {
    await stopWhileTyping('SIGTERM', 'process');
  }, 60_000);

  it('SIGINT (Ctrl-C), with DUET_DURABILITY=fsync: the same', async () => {
    await stopWhileTyping('SIGINT', 'fsync');
  }, 60_000);
});
