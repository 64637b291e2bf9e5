// A person with tabs on two processes came once and went once: the room's log has one presence
// join when the first tab connects, anywhere, and one leave when the last one closes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectControl, createRoom } from '../helpers/clients.js';
import { startClusterServers } from '../helpers/cluster.js';
import type { TestServer } from '../helpers/server.js';
import { dropTestSchemas } from '../helpers/services.js';

let servers: TestServer[] = [];
beforeAll(async () => {
  servers = await startClusterServers(2);
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await dropTestSchemas();
});

describe('presence events with tabs on several processes', () => {
  it('one join and one leave per person, whichever process each tab is on', async () => {
    const [a, b] = servers as [TestServer, TestServer];
    const room = await createRoom(a.url, { title: 'Tabs' });
    const candidate = await room.join('candidate', 'Cy');
    const presence = async (kind: 'join' | 'leave') =>
      (await a.server.store.listEvents(room.room.id)).filter((e) => e.kind === kind && e.participantId === candidate.participant.id && e.data?.['presence'] === true).length;

    const first = await connectControl(a.url, candidate.token);
    await expect.poll(() => presence('join')).toBe(1);
    const second = await connectControl(b.url, candidate.token);
    first.socket.close();
    // The tab on the other process is still open: the person did not leave.
    await expect.poll(() => a.server.rooms.presence.online(room.room.id).size).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await presence('leave')).toBe(0);
    second.socket.close();
    await expect.poll(() => presence('leave')).toBe(1);
    expect(await presence('join')).toBe(1);

    // Two tabs opening at the same moment on the two processes: still one join.
    const both = await Promise.all([connectControl(a.url, candidate.token), connectControl(b.url, candidate.token)]);
    await expect.poll(() => presence('join')).toBe(2);
    for (const tab of both) tab.socket.close();
    await expect.poll(() => presence('leave')).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect([await presence('join'), await presence('leave')]).toEqual([2, 2]);
  });
});
