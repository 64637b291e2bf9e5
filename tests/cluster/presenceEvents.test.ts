// A person with tabs on two processes came once and went once: the room's log has one presence
// join when the first tab connects, anywhere, and one leave when the last one closes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectControl, createRoom } from '../helpers/clients.js';
import { clusterSetup, startClusterChild, startClusterServer, startClusterServers } from '../helpers/cluster.js';
import { waitFor, type ChildServer, type TestServer } from '../helpers/server.js';
import { dropTestSchemas } from '../helpers/services.js';

let servers: TestServer[] = [];
const children: ChildServer[] = [];
beforeAll(async () => {
  servers = await startClusterServers(2);
});
afterAll(async () => {
  for (const child of children) if (child.proc.exitCode === null) child.proc.kill('SIGKILL');
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

  it('a person online only through a process that died goes offline on the others once its claim expires', async () => {
    const setup = clusterSetup();
    const alive = await startClusterServer(setup);
    const dying = await startClusterChild(setup);
    children.push(dying);
    try {
      const room = await createRoom(alive.url, { title: 'Gone' });
      const candidate = await room.join('candidate', 'Cy');
      const host = await connectControl(alive.url, room.hostToken);
      const candidateOnline = async () => (await alive.server.rooms.participants(room.room.id)).find((p) => p.id === candidate.participant.id)?.online;
      await connectControl(dying.url, candidate.token);
      await waitFor(async () => (await candidateOnline()) === true, 5000, 'the candidate online through the other process');
      let offlineAnnounced = false;
      host.socket.on('presence', (update: { participants: { id: string; online: boolean }[] }) => {
        if (update.participants.some((p) => p.id === candidate.participant.id && !p.online)) offlineAnnounced = true;
      });
      dying.proc.kill('SIGKILL');
      await dying.exited;
      // The child renews every 3 s for 10 s (the default timing); this process sweeps every 0.5 s.
      await waitFor(() => offlineAnnounced, 15_000, 'the candidate announced offline');
      expect(await candidateOnline()).toBe(false);
      host.socket.close();
    } finally {
      await alive.close();
    }
  }, 25_000);
});
