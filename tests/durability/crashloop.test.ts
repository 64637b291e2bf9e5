// Ack means stored: a client types a numbered marker every 20 ms while the server is killed with
// SIGKILL at random moments, 25 times in a row. After each restart a fresh client finds every
// marker the server had acknowledged as stored — exactly once — and the typist's unacknowledged
// edits, resent on reconnect, merge exactly once too.
import * as decoding from 'lib0/decoding';
import WebSocket from 'ws';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { PAD } from '../../shared/schema.js';
import { connectProvider, createRoom, syncStep1Frame, updateFrame } from '../helpers/clients.js';
import { startChildServer, tempDir, waitFor, type ChildServer } from '../helpers/server.js';

const children: ChildServer[] = [];
afterAll(() => {
  for (const c of children) c.proc.kill('SIGKILL');
});

/** Our own client's view: a Y.Doc over a raw socket that negotiates `duet.v1` and reads acks. */
function typist(doc: Y.Doc, wsBase: string, roomId: string, token: string) {
  const ws = new WebSocket(`${wsBase}/yjs/${roomId}/pad`, ['duet.v1', token]);
  let storedClock = 0;
  const onUpdate = (update: Uint8Array, origin: unknown) => {
    if (origin !== 'remote' && ws.readyState === ws.OPEN) ws.send(updateFrame(update));
  };
  ws.on('open', () => {
    ws.send(syncStep1Frame(doc));
    // Whatever the server may lack (edits it never stored) goes again; Yjs merges duplicates.
    ws.send(updateFrame(Y.encodeStateAsUpdate(doc), 1));
    doc.on('update', onUpdate);
  });
  ws.on('message', (data: Buffer) => {
    const d = decoding.createDecoder(new Uint8Array(data));
    const type = decoding.readVarUint(d);
    if (type === 100) {
      const sv = Y.decodeStateVector(decoding.readVarUint8Array(d));
      storedClock = Math.max(storedClock, sv.get(doc.clientID) ?? 0);
    } else if (type === 0 && decoding.readVarUint(d) !== 0) {
      Y.applyUpdate(doc, decoding.readVarUint8Array(d), 'remote');
    }
  });
  ws.on('error', () => undefined);
  return {
    ws,
    storedClock: () => storedClock,
    stop: () => {
      doc.off('update', onUpdate);
      ws.terminate();
    },
  };
}

const count = (text: string, marker: string) => text.split(marker).length - 1;

describe('crash loop', () => {
  it('keeps every acknowledged marker, exactly once, across 25 SIGKILLs', async () => {
    const dataDir = tempDir();
    let server = await startChildServer(dataDir);
    children.push(server);
    const room = await createRoom(server.url);
    const token = (await room.join('candidate', 'Typist')).token;
    const doc = new Y.Doc();
    const text = doc.getText(PAD.code);
    /** Marker number → the typist's clock right after typing it. */
    const clockAfter = new Map<number, number>();
    let n = 0;
    let totalAcked = 0;

    for (let round = 0; round < 25; round++) {
      const client = typist(doc, server.wsUrl, room.room.id, token);
      await new Promise<void>((resolve) => client.ws.once('open', () => resolve()));
      const typing = setInterval(() => {
        text.insert(text.length, `<${n}>`);
        clockAfter.set(n, Y.getState(doc.store, doc.clientID));
        n++;
      }, 20);
      await new Promise((r) => setTimeout(r, 150 + Math.random() * 450));
      server.proc.kill('SIGKILL');
      const acked = client.storedClock();
      clearInterval(typing);
      await server.exited;
      client.stop();
      const ackedMarkers = [...clockAfter].filter(([, clock]) => clock <= acked).map(([m]) => m);
      totalAcked = ackedMarkers.length;

      server = await startChildServer(dataDir);
      children.push(server);
      const fresh = await connectProvider(server.wsUrl, room.room.id, 'pad', room.hostToken);
      const stored = fresh.doc.getText(PAD.code).toString();
      fresh.destroy();
      for (const m of ackedMarkers) expect(count(stored, `<${m}>`), `round ${round}, marker ${m}`).toBe(1);
    }
    expect(totalAcked).toBeGreaterThan(100);

    // Finally the typist reconnects once more: every marker it ever typed is there exactly once.
    const last = typist(doc, server.wsUrl, room.room.id, token);
    await waitFor(() => last.storedClock() >= Y.getState(doc.store, doc.clientID), 10_000, 'all stored');
    last.stop();
    const fresh = await connectProvider(server.wsUrl, room.room.id, 'pad', room.hostToken);
    const final = fresh.doc.getText(PAD.code).toString();
    fresh.destroy();
    for (let m = 0; m < n; m++) expect(count(final, `<${m}>`), `marker ${m}`).toBe(1);
    server.proc.kill('SIGTERM');
    await server.exited;
  }, 240_000);
});
