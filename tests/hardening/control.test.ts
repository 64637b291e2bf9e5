// socket.io under hostile input: WebSocket transport only, small packets, every handler wrapped so
// no payload throws past it or pollutes prototypes, the payload-reading handlers (agenda:set,
// room:settings, question:reveal, feedback:share) refuse anything but their schema — as an
// interviewer, whose role check passes, so the parser is what answers — and the room always comes
// from the token, never from a payload or another room's id.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../../shared/wire.js';
import { api, connectControl, createRoom, upgradeStatus } from '../helpers/clients.js';
import { rawSocketIo, rawSocketIoInRoom } from '../helpers/socketio.js';
import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

/** Payloads as raw JSON text, sent exactly as written (socket.io-client would drop `__proto__`). */
const HOSTILE = [
  'null',
  '42',
  '"x"',
  'true',
  '[]',
  JSON.stringify('s'.repeat(10_000)),
  '['.repeat(500) + ']'.repeat(500),
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '{"agenda":{"__proto__":{"polluted":true},"length":1}}',
  '{"agenda":[{"name":"x","minutes":-5,"kind":"coding"}]}',
  '{"agenda":[{"name":"x","minutes":1e308,"kind":"coding"}]}',
  `{"agenda":[${'{"name":"x","minutes":1,"kind":"coding"},'.repeat(200)}{"name":"x","minutes":1,"kind":"coding"}]}`,
  '{"guaranteeCoding":"yes"}',
  '{"observersSeeNotes":1}',
  '{"extraTime":7}',
  '{"questionId":""}',
  `{"questionId":"${'q'.repeat(5000)}"}`,
  '{"questionId":{"$ne":null}}',
  '{"shared":"true"}',
  '{"shared":true,"__proto__":{"polluted":true}}',
];
const PARSING_COMMANDS = ['agenda:set', 'room:settings', 'question:reveal', 'feedback:share'];

const unpolluted = () => {
  expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  expect(Object.prototype).not.toHaveProperty('polluted');
  expect(Array.prototype).not.toHaveProperty('polluted');
};

describe('socket.io hardening', () => {
  it('refuses long-polling', async () => {
    const res = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling`);
    expect(res.status).toBe(400);
  });

  it('answers every hostile payload to the parsing commands with bad_request, as an interviewer, and changes nothing', async () => {
    for (const mode of ['interview', 'peer'] as const) {
      const room = await createRoom(server.url, { mode });
      const host = await rawSocketIoInRoom(server.wsUrl, room.hostToken);
      if (mode === 'peer') expect(await host.call('room:end')).toMatchObject({ ok: true }); // feedback:share needs the end
      const before = await api(server.url, 'GET', `/api/rooms/${room.room.id}`, { token: room.hostToken });
      const sent: { command: string; payload: string; id: number }[] = [];
      for (const command of PARSING_COMMANDS) {
        for (const payload of HOSTILE) sent.push({ command, payload, id: host.emitRaw(command, payload) });
        sent.push({ command, payload: '(none)', id: host.emitRaw(command) });
      }
      for (const { command, payload, id } of sent) {
        const [answer] = await host.ack(id);
        expect(answer, `${command} ${payload.slice(0, 60)}`).toMatchObject({ ok: false, error: { code: 'bad_request', message: expect.any(String) } });
      }
      unpolluted();
      // Nothing changed: the room as stored is the room before.
      const after = await api(server.url, 'GET', `/api/rooms/${room.room.id}`, { token: room.hostToken });
      expect({ ...(after.body as object), serverNow: 0 }).toEqual({ ...(before.body as object), serverNow: 0 });
      // A well-formed command on the same socket still works: the socket was not dropped.
      const good = mode === 'peer' ? await host.call('feedback:share', { shared: true }) : await host.call('room:settings', { observersSeeNotes: true });
      expect(good).toMatchObject({ ok: true });
      host.close();
    }
  }, 60_000);

  it('answers the commands that read no payload with an error ack for a candidate, whatever the payload', async () => {
    const room = await createRoom(server.url);
    const cand = await room.join('candidate', 'Hostile');
    const raw = await rawSocketIoInRoom(server.wsUrl, cand.token);
    const ids = ['timer:start', 'timer:next', 'room:end'].flatMap((event) => HOSTILE.slice(0, 10).map((p) => raw.emitRaw(event, p)));
    for (const id of ids) expect((await raw.ack(id))[0]).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    unpolluted();
    // Broken packets close that one socket only.
    raw.ws.send('42["timer:start",');
    await raw.closed;
    const ok = await connectControl(server.url, room.hostToken);
    expect(ok.state.room.status).toBe('open');
    ok.socket.close();
  });

  it("takes the room from the token: another room's id in a payload or a URL reaches nothing of that room", async () => {
    const a = await createRoom(server.url, { title: 'Room A' });
    const b = await createRoom(server.url, { title: 'Room B' });
    const hostA = await rawSocketIoInRoom(server.wsUrl, a.hostToken);
    const state = hostA.events().find((e) => e.event === 'room:state')!.args[0] as { room: { id: string } };
    expect(state.room.id).toBe(a.room.id);
    // A command naming room B acts on A (timer) or is refused (schemas are strict).
    expect(await hostA.call('timer:start', { roomId: b.room.id })).toMatchObject({ ok: true, timer: { status: 'running' } });
    expect(await hostA.call('question:reveal', { questionId: 'two-sum', roomId: b.room.id })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await hostA.call('room:settings', { observersSeeNotes: true, roomId: b.room.id })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await hostA.call('room:end', { roomId: b.room.id })).toMatchObject({ ok: true, room: { id: a.room.id, status: 'ended' } });
    const roomB = await api<{ room: { status: string; observersSeeNotes: boolean }; timer: { status: string } }>(server.url, 'GET', `/api/rooms/${b.room.id}`, { token: b.hostToken });
    expect(roomB.body.room).toMatchObject({ status: 'open', observersSeeNotes: false });
    expect(roomB.body.timer.status).toBe('idle');
    // A's token opens none of B's doors.
    expect(await upgradeStatus(server.wsUrl, `/yjs/${b.room.id}/pad`, { token: a.hostToken })).toBe(403);
    expect(await upgradeStatus(server.wsUrl, `/yjs/${b.room.id}/notes`, { token: a.hostToken, viaProtocol: true })).toBe(403);
    expect((await api(server.url, 'GET', `/api/rooms/${b.room.id}`, { token: a.hostToken })).status).toBe(403);
    hostA.close();
  });

  it('drops a socket that sends a packet over the size limit with close 1009', async () => {
    const room = await createRoom(server.url);
    const raw = await rawSocketIoInRoom(server.wsUrl, room.hostToken);
    raw.ws.send(`42["timer:start",${JSON.stringify('x'.repeat(200_000))}]`);
    expect(await raw.closed).toBe(CloseCode.tooBig);
  });

  it('refuses handshakes and upgrades from another site with 403 (cross-site WebSocket hijacking)', async () => {
    const room = await createRoom(server.url);
    const evil = { origin: 'https://evil.example' };
    await expect(rawSocketIo(server.wsUrl, room.hostToken, evil)).rejects.toMatchObject({ status: 403, body: expect.stringContaining('"forbidden"') });
    expect(await upgradeStatus(server.wsUrl, `/yjs/${room.room.id}/pad`, { token: room.hostToken, headers: evil })).toBe(403);
    // The server's own origin is fine.
    const same = await rawSocketIoInRoom(server.wsUrl, room.hostToken, { origin: server.url });
    same.close();
  });
});
