// Seeded content (starter code the server writes) appears exactly once however often the room is
// revealed again, reloaded, unloaded, reconnected with stale local copies, or restarted.
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BUILTIN_QUESTIONS } from '../../server/questions/builtin.js';
import { PAD } from '../../shared/schema.js';
import { connectControl, connectProvider, createRoom } from '../helpers/clients.js';
import { startServer, tempDir, waitFor, type TestServer } from '../helpers/server.js';
import { ack } from '../flow/helpers.js';

const servers: TestServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.close();
});

const coding = BUILTIN_QUESTIONS.find((q) => q.kind === 'coding' && q.starterCode?.javascript)!;
const starter = coding.starterCode!.javascript!;
const occurrences = (text: string) => text.split(starter).length - 1;

describe('seeded content', () => {
  it('is in the pad exactly once across re-reveals, reloads, stale clients and a restart', async () => {
    const dataDir = tempDir();
    let server = await startServer({ dataDir, unloadGraceMs: 50 });
    servers.push(server);
    const room = await createRoom(server.url);
    const cand = await room.join('candidate', 'Stale');
    const host = await connectControl(server.url, room.hostToken);
    for (let i = 0; i < 3; i++) {
      const result = await ack<{ ok: boolean }>(host.socket, 'question:reveal', { questionId: coding.id, insertStarter: true });
      expect(result.ok).toBe(true);
    }
    // A client that keeps its local copy (as a tab would across reconnects) and edits below it.
    const keep = new Y.Doc();
    let client = await connectProvider(server.wsUrl, room.room.id, 'pad', cand.token);
    Y.applyUpdate(keep, Y.encodeStateAsUpdate(client.doc));
    expect(occurrences(keep.getText(PAD.code).toString())).toBe(1);
    client.destroy();

    for (let round = 0; round < 4; round++) {
      // Reload: a fresh tab, then the stale copy merged back in, as an offline tab would.
      client = await connectProvider(server.wsUrl, room.room.id, 'pad', cand.token);
      Y.applyUpdate(client.doc, Y.encodeStateAsUpdate(keep));
      client.doc.getText(PAD.code).insert(client.doc.getText(PAD.code).length, `\n// round ${round}`);
      Y.applyUpdate(keep, Y.encodeStateAsUpdate(client.doc));
      await new Promise((r) => setTimeout(r, 100));
      client.destroy();
      await waitFor(() => server.server.registry.loadedCount === 0, 5000, 'unloaded');
      if (round === 1) {
        host.socket.close();
        await server.close();
        server = await startServer({ dataDir, unloadGraceMs: 50 });
        servers.push(server);
      }
    }
    // Revealing again after the restart does not seed it again either.
    const again = await connectControl(server.url, room.hostToken);
    expect((await ack<{ ok: boolean }>(again.socket, 'question:reveal', { questionId: coding.id, insertStarter: true })).ok).toBe(true);
    again.socket.close();
    const fresh = await connectProvider(server.wsUrl, room.room.id, 'pad', room.hostToken);
    const text = fresh.doc.getText(PAD.code).toString();
    expect(occurrences(text)).toBe(1);
    for (let round = 0; round < 4; round++) expect(text.split(`// round ${round}`).length - 1).toBe(1);
    fresh.destroy();
  });

  it('is not inserted again when the reveal that inserted it was lost in a crash', async () => {
    const dataDir = tempDir();
    let server = await startServer({ dataDir, unloadGraceMs: 50 });
    servers.push(server);
    const room = await createRoom(server.url);
    const host = await connectControl(server.url, room.hostToken);
    expect(await ack(host.socket, 'question:reveal', { questionId: coding.id, insertStarter: true })).toMatchObject({ ok: true, starterInserted: true });
    host.socket.close();
    // The crash window: the pad's update is stored, the room's record of the reveal is not.
    const stored = (await server.server.store.getRoom(room.room.id))!;
    await server.server.store.updateRoom(room.room.id, stored.version, { flow: { ...stored.flow, revealed: [] } });
    await server.close();
    server = await startServer({ dataDir, unloadGraceMs: 50 });
    servers.push(server);

    const again = await connectControl(server.url, room.hostToken);
    expect(await ack(again.socket, 'question:reveal', { questionId: coding.id, insertStarter: true })).toMatchObject({ ok: true, starterInserted: true });
    again.socket.close();
    const fresh = await connectProvider(server.wsUrl, room.room.id, 'pad', room.hostToken);
    expect(occurrences(fresh.doc.getText(PAD.code).toString())).toBe(1);
    fresh.destroy();
  });
});
