// Awareness: a connection owns only its own client ids, and the name, role and colour others see
// come from its token — nobody can appear as someone else.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awarenessFrame, createRoom, decodeFrame, rawConnect, syncStep1Frame, type RawClient } from '../helpers/clients.js';
import { startServer, waitFor, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

function awarenessSeen(client: RawClient) {
  return client.frames
    .map(decodeFrame)
    .flatMap((f) => (f.kind === 'awareness' ? f.states : []));
}

describe('awareness', () => {
  it('stamps the token identity on states, and refuses states for client ids another connection owns', async () => {
    const room = await createRoom(server.url, { hostName: 'Ivy Interviewer' });
    const cand = await room.join('candidate', 'Cal Candidate');
    const path = `/yjs/${room.room.id}/pad`;
    const host = await rawConnect(server.wsUrl, path, { token: room.hostToken });
    const mallory = await rawConnect(server.wsUrl, path, { token: cand.token });
    host.send(syncStep1Frame());
    mallory.send(syncStep1Frame());

    host.send(awarenessFrame([{ clientId: 1001, clock: 1, state: { user: { name: 'Ivy Interviewer' }, cursor: 5 } }]));
    await waitFor(() => awarenessSeen(mallory).some((s) => s.clientId === 1001), 5000, 'host state relayed');

    // The candidate claims to be the interviewer, and tries to overwrite the interviewer's id.
    mallory.send(
      awarenessFrame([
        { clientId: 2002, clock: 1, state: { user: { name: 'Ivy Interviewer', role: 'interviewer', color: '#000' } } },
        { clientId: 1001, clock: 9, state: { user: { name: 'hijacked' }, cursor: 0 } },
      ]),
    );
    await waitFor(() => awarenessSeen(host).some((s) => s.clientId === 2002), 5000, 'candidate state relayed');
    const seenByHost = awarenessSeen(host);
    const fromCandidate = seenByHost.find((s) => s.clientId === 2002)!.state as { user: { name: string; role: string } };
    expect(fromCandidate.user.name).toBe('Cal Candidate');
    expect(fromCandidate.user.role).toBe('candidate');
    expect(seenByHost.some((s) => s.clientId === 1001)).toBe(false);

    // A newcomer sees the interviewer's real state, untouched, and the candidate's stamped one.
    const newcomer = await rawConnect(server.wsUrl, path, { token: room.hostToken });
    await waitFor(() => awarenessSeen(newcomer).length >= 2, 5000, 'newcomer gets awareness');
    const states = new Map(awarenessSeen(newcomer).map((s) => [s.clientId, s.state as { user: { name: string }; cursor?: number }]));
    expect(states.get(1001)?.user.name).toBe('Ivy Interviewer');
    expect(states.get(1001)?.cursor).toBe(5);
    expect(states.get(2002)?.user.name).toBe('Cal Candidate');

    // When the candidate leaves, its state is removed for everyone.
    mallory.close();
    await waitFor(() => awarenessSeen(newcomer).some((s) => s.clientId === 2002 && s.state === null), 5000, 'removal');
    host.close();
    newcomer.close();
  });
});
