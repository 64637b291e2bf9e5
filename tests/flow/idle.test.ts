// Auto-end: a room with nobody connected — no socket.io and no document connection — for the
// configured time is ended (with its phases recorded); a room someone is connected to is not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectControl, connectProvider, createRoom } from '../helpers/clients.js';
import { startServer, waitFor, type TestServer } from '../helpers/server.js';
import { ack } from './helpers.js';

let server: TestServer;
const IDLE_MS = 400;
beforeAll(async () => {
  server = await startServer({ idleEndMs: IDLE_MS });
});
afterAll(() => server.close());

const status = async (id: string) => (await server.server.store.getRoom(id))!;

describe('ending abandoned rooms', () => {
  it('ends a room once everyone has left for the idle time, and not while anyone is connected', async () => {
    const room = await createRoom(server.url);
    const host = await connectControl(server.url, room.hostToken);
    expect(await ack(host.socket, 'timer:start')).toMatchObject({ ok: true });
    const pad = await connectProvider(server.wsUrl, room.room.id, 'pad', room.hostToken);
    host.socket.close();
    // Only a document connection left: still in use.
    await new Promise((r) => setTimeout(r, IDLE_MS * 2.5));
    expect((await status(room.room.id)).status).toBe('open');
    pad.destroy();
    await waitFor(async () => (await status(room.room.id)).status === 'ended', 5000, 'idle room ended');
    const ended = await status(room.room.id);
    expect(ended.timer.status).toBe('stopped');
    expect(ended.timer.phaseActualMs[0]).toBeGreaterThan(0);
    const events = await server.server.store.listEvents(room.room.id);
    expect(events.at(-1)).toMatchObject({ kind: 'end', participantId: null });
  });

  it('ends a room nobody ever joined', async () => {
    const room = await createRoom(server.url);
    await waitFor(async () => (await status(room.room.id)).status === 'ended', 5000, 'unused room ended');
  });
});
