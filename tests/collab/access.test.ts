// Must show 2: refusals happen at the upgrade, before one byte of a document is sent:
// no or bad token → 401, unknown room → 404, a candidate asking for notes → 403.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOTES } from '../../shared/schema.js';
import { connectProvider, createRoom, rawConnect, syncStep1Frame, upgradeStatus, type TestRoom } from '../helpers/clients.js';
import { startServer, waitFor, type TestServer } from '../helpers/server.js';

let server: TestServer;
let room: TestRoom;
let candidateToken: string;

beforeAll(async () => {
  server = await startServer();
  room = await createRoom(server.url);
  candidateToken = (await room.join('candidate', 'Cara')).token;
  // Put something secret in the notes, so "no byte of it" is a real check.
  const notes = await connectProvider(server.wsUrl, room.room.id, 'notes', room.hostToken);
  notes.doc.getText(NOTES.notes).insert(0, 'SECRET-NOTE: weak on graphs');
  await new Promise((r) => setTimeout(r, 100));
  notes.destroy();
});
afterAll(() => server.close());

describe('document access', () => {
  it('refuses a candidate asking for notes with 403 and sends no byte of them', async () => {
    for (const viaProtocol of [false, true]) {
      let status = 0;
      let body = '';
      try {
        await rawConnect(server.wsUrl, `/yjs/${room.room.id}/notes`, { token: candidateToken, viaProtocol });
      } catch (err) {
        status = (err as { status: number }).status;
        body = (err as { body: string }).body;
      }
      expect(status).toBe(403);
      expect(body).not.toContain('SECRET-NOTE');
      expect(JSON.parse(body).error.code).toBe('forbidden');
    }
    const observer = await room.join('observer', 'Obi');
    expect(await upgradeStatus(server.wsUrl, `/yjs/${room.room.id}/notes`, { token: observer.token })).toBe(403);
  });

  it('lets an interviewer open notes and receive them', async () => {
    const client = await rawConnect(server.wsUrl, `/yjs/${room.room.id}/notes`, { token: room.hostToken });
    client.send(syncStep1Frame());
    await waitFor(() => client.doc().getText(NOTES.notes).toString().includes('SECRET-NOTE'), 5000, 'notes');
    client.close();
  });

  it('answers 401 without a token or with a bad one, 404 for an unknown room or document', async () => {
    const id = room.room.id;
    expect(await upgradeStatus(server.wsUrl, `/yjs/${id}/pad`)).toBe(401);
    expect(await upgradeStatus(server.wsUrl, `/yjs/${id}/pad`, { token: 'not-a-token' })).toBe(401);
    expect(await upgradeStatus(server.wsUrl, `/yjs/${id}/pad`, { token: room.invites.candidate.token })).toBe(401);
    expect(await upgradeStatus(server.wsUrl, `/yjs/AAAAAAAAAAAAAAAAAAAAAA/pad`, { token: room.hostToken })).toBe(404);
    expect(await upgradeStatus(server.wsUrl, `/yjs/${id}/secrets`, { token: room.hostToken })).toBe(404);
    expect(await upgradeStatus(server.wsUrl, `/yjs/${id}/pad`, { token: room.hostToken })).toBe(101);
  });

  it('takes the token beside the duet.v1 subprotocol and echoes only the subprotocol', async () => {
    const client = await rawConnect(server.wsUrl, `/yjs/${room.room.id}/pad`, { token: candidateToken, viaProtocol: true });
    expect(client.ws.protocol).toBe('duet.v1');
    client.close();
  });

  it('works with the stock WebsocketProvider exactly as documented', async () => {
    const client = await connectProvider(server.wsUrl, room.room.id, 'pad', candidateToken);
    expect(client.provider.wsconnected).toBe(true);
    client.destroy();
  });
});
