// What goes out to peers and into the log for a client's update: the client's own bytes when they
// hold only what the server lacked (no re-encoding per edit), and never bytes the server skipped —
// a resend that overlaps known structs could otherwise carry different content under known ids
// to a peer that lacks them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { PAD } from '../../shared/schema.js';
import { connectProvider, createRoom, decodeFrame, rawConnect, syncStep1Frame, updateFrame, type RawClient } from '../helpers/clients.js';
import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

/** The payloads of the sync updates a client has received so far. */
const relayed = (client: RawClient): Uint8Array[] =>
  client.frames.map(decodeFrame).flatMap((d) => (d.kind === 'sync-update' ? [d.payload] : []));

async function twoPeople() {
  const room = await createRoom(server.url);
  const cand = await room.join('candidate', 'Cam');
  const path = `/yjs/${room.room.id}/pad`;
  const host = await rawConnect(server.wsUrl, path, { token: room.hostToken });
  const candidate = await rawConnect(server.wsUrl, path, { token: cand.token });
  for (const c of [host, candidate]) c.send(syncStep1Frame());
  return { room, host, candidate };
}

describe('relaying a client update', () => {
  it('sends a new edit on exactly as the client encoded it', async () => {
    const { host, candidate } = await twoPeople();
    const local = new Y.Doc();
    let update: Uint8Array | undefined;
    local.on('update', (u: Uint8Array) => (update = u));
    local.getText(PAD.code).insert(0, 'def solve():');
    candidate.send(updateFrame(update!));
    await expect.poll(() => relayed(host).length).toBe(1);
    expect([...relayed(host)[0]!]).toEqual([...update!]);
    host.close();
    candidate.close();
  });

  it('sends on only what changed when an update overlaps what the server has', async () => {
    const { room, host, candidate } = await twoPeople();
    const author = new Y.Doc();
    author.clientID = 4242;
    author.getText(PAD.code).insert(0, 'abc');
    candidate.send(updateFrame(Y.encodeStateAsUpdate(author)));
    await expect.poll(() => relayed(host).length).toBe(1);
    // Someone else claims the same ids with other content, plus one new struct after them.
    const forger = new Y.Doc();
    forger.clientID = 4242;
    forger.getText(PAD.code).insert(0, 'XYZ');
    forger.getText(PAD.code).insert(3, 'Q');
    host.send(updateFrame(Y.encodeStateAsUpdate(forger)));
    await expect.poll(() => relayed(candidate).length).toBe(1);
    const sent = relayed(candidate)[0]!;
    expect(Buffer.from(sent).includes('XYZ')).toBe(false);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(author));
    Y.applyUpdate(copy, sent);
    expect(copy.getText(PAD.code).toString()).toBe('abcQ');
    // What was stored is the same: a fresh client loads it.
    const fresh = await connectProvider(server.wsUrl, room.room.id, 'pad', room.hostToken);
    expect(fresh.doc.getText(PAD.code).toString()).toBe('abcQ');
    fresh.destroy();
    host.close();
    candidate.close();
  });

  it('never sends on a section of an update that Yjs ignored', async () => {
    const { host, candidate } = await twoPeople();
    // Two sections for one client: Yjs applies the last and ignores the first.
    const section = (text: string) => {
      const doc = new Y.Doc();
      doc.clientID = 77;
      doc.getText(PAD.code).insert(0, text);
      const update = Y.encodeStateAsUpdate(doc);
      return update.subarray(1, update.length - 1); // without the client count and the empty delete set
    };
    const twice = Uint8Array.from([2, ...section('ignored'), ...section('kept'), 0]);
    candidate.send(updateFrame(twice));
    await expect.poll(() => relayed(host).length).toBe(1);
    const sent = Buffer.from(relayed(host)[0]!);
    expect(sent.includes('ignored')).toBe(false);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, sent);
    expect(copy.getText(PAD.code).toString()).toBe('kept');
    host.close();
    candidate.close();
  });
});
