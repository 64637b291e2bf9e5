// SIGTERM: everything received is stored, clients get 1001, the process exits within 10 s.
import { afterAll, describe, expect, it } from 'vitest';
import { PAD } from '../../shared/schema.js';
import { connectProvider, createRoom, rawConnect, syncStep1Frame, textUpdate, updateFrame } from '../helpers/clients.js';
import { startChildServer, tempDir, waitFor, type ChildServer } from '../helpers/server.js';

const children: ChildServer[] = [];
afterAll(() => {
  for (const c of children) c.proc.kill('SIGKILL');
});

describe('SIGTERM', () => {
  it('stores what it received, closes sockets with 1001 and exits in time', async () => {
    const dataDir = tempDir();
    const server = await startChildServer(dataDir);
    children.push(server);
    const room = await createRoom(server.url);
    const cand = await room.join('candidate', 'Terry');
    const reader = await connectProvider(server.wsUrl, room.room.id, 'pad', room.hostToken);
    const writer = await rawConnect(server.wsUrl, `/yjs/${room.room.id}/pad`, { token: cand.token });
    writer.send(syncStep1Frame());
    for (let i = 0; i < 200; i++) writer.send(updateFrame(textUpdate(`<${i}>`, 'code')));
    await waitFor(() => reader.doc.getText(PAD.code).toString().includes('<199>'), 10_000, 'all relayed');

    const started = Date.now();
    server.proc.kill('SIGTERM');
    const [closed, exit] = await Promise.all([writer.closed, server.exited]);
    expect(closed.code).toBe(1001);
    expect(exit).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    const received = reader.doc.getText(PAD.code).toString();
    reader.destroy();

    const again = await startChildServer(dataDir);
    children.push(again);
    const fresh = await connectProvider(again.wsUrl, room.room.id, 'pad', room.hostToken);
    const stored = fresh.doc.getText(PAD.code).toString();
    for (let i = 0; i < 200; i++) expect(stored).toContain(`<${i}>`);
    expect(stored.length).toBe(received.length);
    fresh.destroy();
    again.proc.kill('SIGTERM');
    await again.exited;
  });
});
