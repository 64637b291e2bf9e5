// Issue 22, must show 2 and 3: call signalling is relayed only between members of the same room's
// call, stamped with the real sender; TURN credentials verify as coturn would, expire when they
// should, and go only to people in the room.
import { createHmac } from 'node:crypto';
import { io } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import type { CallJoinResult, CallState, IceConfig, SignalMessage } from '../../shared/call.js';
import { decide, type PolicyRoom } from '../../shared/policy.js';
import type { Ack } from '../../shared/protocol.js';
import { TokenService } from '../../server/auth/index.js';
import { turnCredential } from '../../server/call/index.js';
import { ConfigError, loadConfig } from '../../server/config.js';
import { api, connectControl, createRoom, type ControlSocket } from '../helpers/clients.js';
import { recordSecret, useServer, TEST_SECRET, waitFor } from '../helpers/server.js';

const TURN_SECRET = 'turn-secret-for-tests-0123456789';
const TTL = 600;

const { server, sockets } = useServer({
    call: {
      iceServers: [{ urls: 'stun:stun.example.org:3478' }, { urls: ['turn:turn.example.org:3478?transport=udp', 'turns:turn.example.org:5349'] }],
      turnSecret: TURN_SECRET,
      turnTtlSeconds: TTL,
    },
  });

/** An SDP with one audio and one video section in the given direction (enough for the relay's check). */
const sdp = (direction: string) =>
  ['v=0', 'o=- 1 2 IN IP4 127.0.0.1', 's=-', 't=0 0', 'm=audio 9 UDP/TLS/RTP/SAVPF 111', `a=${direction}`, 'm=video 9 UDP/TLS/RTP/SAVPF 96', `a=${direction}`, ''].join('\r\n');

async function person(token: string): Promise<{ socket: ControlSocket; id: string; signals: SignalMessage[]; states: CallState[] }> {
  const { socket, state } = await connectControl(server.url, token);
  sockets.push(socket);
  const signals: SignalMessage[] = [];
  const states: CallState[] = [];
  socket.on('call:signal', (m) => signals.push(m));
  socket.on('call:state', (s) => states.push(s));
  return { socket, id: state.you.id, signals, states };
}

const join = (s: ControlSocket, send = true): Promise<Ack<CallJoinResult>> => s.timeout(5000).emitWithAck('call:join', { send });
const signal = (s: ControlSocket, payload: unknown): Promise<Ack> =>
  (s.timeout(5000) as unknown as { emitWithAck(e: string, p: unknown): Promise<Ack> }).emitWithAck('call:signal', payload);

function refused(ack: Ack, code: string): void {
  expect(ack).toEqual({ ok: false, error: { code, message: expect.any(String) } });
}

/** A room with an interviewer and a candidate, both in its call. */
async function roomInCall() {
  const room = await createRoom(server.url, { title: 'Call' });
  const host = await person(room.hostToken);
  const candToken = (await room.join('candidate', 'Cleo')).token;
  const cand = await person(candToken);
  expect((await join(host.socket)).ok).toBe(true);
  expect((await join(cand.socket)).ok).toBe(true);
  return { room, host, cand, candToken };
}

/** Checks a TURN credential the way coturn's `use-auth-secret` does, at a given time. */
function coturnAccepts(username: string, credential: string, nowSeconds: number): boolean {
  const expiry = Number(username.split(':')[0]);
  const expected = createHmac('sha1', TURN_SECRET).update(username).digest('base64');
  return credential === expected && expiry >= nowSeconds;
}

describe('call signalling', () => {
  it('relays an offer and a candidate to the target only, stamped with the real sender', async () => {
    const { host, cand } = await roomInCall();
    await waitFor(() => cand.states.some((s) => s.members.length === 2), 5000, 'call state with two members');
    expect(cand.states.at(-1)!.members.map((m) => m.id)).toEqual([host.id, cand.id]);

    expect((await signal(host.socket, { to: cand.id, description: { type: 'offer', sdp: sdp('sendrecv') } })).ok).toBe(true);
    expect((await signal(host.socket, { to: cand.id, candidate: { candidate: 'candidate:1 1 udp 1 127.0.0.1 5000 typ host', sdpMid: '0', sdpMLineIndex: 0 } })).ok).toBe(true);
    await waitFor(() => cand.signals.length === 2, 5000, 'two signals');
    expect(cand.signals[0]).toEqual({ from: host.id, description: { type: 'offer', sdp: sdp('sendrecv') } });
    expect(cand.signals[1]).toMatchObject({ from: host.id, candidate: { sdpMid: '0' } });
    expect(host.signals).toEqual([]);
  });

  it('refuses signalling aimed at another room, a spoofed sender or target, and anything beyond the shapes', async () => {
    const { host, cand } = await roomInCall();
    const other = await roomInCall();

    // A member of another room's call, addressed by their real participant id.
    refused(await signal(host.socket, { to: other.cand.id, description: { type: 'offer', sdp: sdp('sendrecv') } }), 'not_found');
    // A spoofed sender: `from` is the server's to say.
    refused(await signal(host.socket, { to: cand.id, from: other.host.id, description: { type: 'offer', sdp: sdp('sendrecv') } }), 'bad_request');
    // A spoofed target: no such member, or oneself.
    refused(await signal(host.socket, { to: 'not-a-participant', description: { type: 'offer', sdp: sdp('sendrecv') } }), 'not_found');
    refused(await signal(host.socket, { to: host.id, description: { type: 'offer', sdp: sdp('sendrecv') } }), 'bad_request');
    // Nothing but descriptions and candidates, bounded.
    refused(await signal(host.socket, { to: cand.id, chat: 'hello' }), 'bad_request');
    refused(await signal(host.socket, { to: cand.id, description: { type: 'offer', sdp: 'x'.repeat(30_000) } }), 'bad_request');
    refused(await signal(host.socket, { to: cand.id, description: { type: 'rollback', sdp: 'x' } }), 'bad_request');

    await new Promise((r) => setTimeout(r, 200));
    expect(cand.signals).toEqual([]);
    expect(other.cand.signals).toEqual([]);
    expect(other.host.signals).toEqual([]);
  });

  it('refuses signals from someone in the room but not in the call, and to someone not in the call', async () => {
    const room = await createRoom(server.url);
    const host = await person(room.hostToken);
    const cand = await person((await room.join('candidate', 'Cy')).token);
    expect((await join(host.socket)).ok).toBe(true);
    refused(await signal(cand.socket, { to: host.id, description: { type: 'offer', sdp: sdp('sendrecv') } }), 'conflict');
    refused(await signal(host.socket, { to: cand.id, description: { type: 'offer', sdp: sdp('sendrecv') } }), 'not_found');
    // After leaving, the former member is refused like anyone outside the call.
    expect((await join(cand.socket)).ok).toBe(true);
    expect((await cand.socket.timeout(5000).emitWithAck('call:leave')).ok).toBe(true);
    refused(await signal(cand.socket, { to: host.id, candidate: { candidate: '' } }), 'conflict');
    expect(host.signals).toEqual([]);
  });

  it('refuses a session whose participant is not in the room: no call, no signals, no credentials', async () => {
    const { room, host, cand } = await roomInCall();
    const other = await createRoom(server.url);
    const outsider = await other.join('candidate', 'Mallory');
    // A validly signed session naming this room but a participant of another room.
    const forged = new TokenService(TEST_SECRET, 3600).signSession({ id: outsider.participant.id, roomId: room.room.id, role: 'candidate', name: 'Mallory', color: '#000' });
    recordSecret(forged);
    // The server drops the connection; whatever it asked for first is refused or never answered.
    const intruder: ControlSocket = io(server.url, { transports: ['websocket'], auth: { token: forged }, reconnection: false, forceNew: true });
    sockets.push(intruder);
    // Refused at the handshake (the session's participant is not in this room), or connected and
    // then refused command by command: either way nothing is answered with success.
    const answers = await new Promise<unknown[]>((resolve) => {
      intruder.on('connect_error', () => resolve(['refused at the handshake']));
      intruder.on('connect', () => {
        const asked = [
          join(intruder),
          intruder.timeout(3000).emitWithAck('call:ice'),
          signal(intruder, { to: host.id, description: { type: 'offer', sdp: sdp('sendrecv') } }),
        ].map((p) => p.catch(() => 'no answer'));
        void Promise.all(asked).then(resolve);
      });
    });
    for (const answer of answers) expect(typeof answer === 'string' || (answer as Ack).ok === false).toBe(true);
    await waitFor(() => !intruder.connected, 5000, 'intruder disconnected');
    // Nor can anyone without a session connect at all.
    await expect(connectControl(server.url, 'not-a-token')).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 200));
    expect(host.states.at(-1)!.members.map((m) => m.id)).toEqual([host.id, cand.id]);
    expect(host.signals).toEqual([]);
  });

  it('drops a removed person from the call at once; their session gets no signals or credentials again', async () => {
    const { room, host, cand, candToken } = await roomInCall();
    await waitFor(() => host.states.at(-1)?.members.length === 2, 5000, 'both in the call');
    const removed = await api(server.url, 'DELETE', `/api/rooms/${room.room.id}/participants/${cand.id}`, { token: room.hostToken });
    expect(removed.status).toBe(200);
    await waitFor(() => host.states.at(-1)?.members.map((m) => m.id).join() === host.id, 1000, 'the call without the removed person');
    await waitFor(() => !cand.socket.connected, 1000, 'the removed person disconnected');
    // Signalling aimed at the removed person is refused: they are no longer in the call.
    expect((await signal(host.socket, { to: cand.id, candidate: { candidate: '' } })).ok).toBe(false);
    // Their session cannot come back to ask for anything.
    await expect(connectControl(server.url, candToken)).rejects.toThrow();
    expect(cand.signals).toEqual([]);
  });

  it('ends the call with the room and refuses signalling after the end', async () => {
    const { host, cand } = await roomInCall();
    expect((await host.socket.timeout(5000).emitWithAck('room:end')).ok).toBe(true);
    await waitFor(() => cand.states.at(-1)?.members.length === 0, 5000, 'empty call after the end');
    refused(await join(cand.socket), 'gone');
    refused(await signal(host.socket, { to: cand.id, candidate: { candidate: '' } }), 'gone');
    const ice = await cand.socket.timeout(5000).emitWithAck('call:ice');
    expect(ice.ok).toBe(false);
  });

  it('keeps observers to receiving unless an interviewer allows them to send', async () => {
    const room = await createRoom(server.url);
    const host = await person(room.hostToken);
    const obs = await person((await room.join('observer', 'Oz')).token);
    expect((await join(host.socket)).ok).toBe(true);
    const joined = await join(obs.socket, true);
    expect(joined.ok && joined.sends).toBe(false);
    refused(await obs.socket.timeout(5000).emitWithAck('call:media', { mic: true, camera: false, screen: false }), 'forbidden');
    // An answer that would send audio/video is refused; a receive-only one goes through.
    refused(await signal(obs.socket, { to: host.id, description: { type: 'answer', sdp: sdp('sendrecv') } }), 'forbidden');
    refused(await signal(obs.socket, { to: host.id, description: { type: 'answer', sdp: sdp('sendonly') } }), 'forbidden');
    expect((await signal(obs.socket, { to: host.id, description: { type: 'answer', sdp: sdp('recvonly') } })).ok).toBe(true);

    // Only an interviewer may change the setting.
    expect((await obs.socket.timeout(5000).emitWithAck('room:settings', { observersSendMedia: true })).ok).toBe(false);
    const allowedAck = await host.socket.timeout(5000).emitWithAck('room:settings', { observersSendMedia: true });
    expect(allowedAck.ok && allowedAck.room.observersSendMedia).toBe(true);
    const again = await join(obs.socket, true);
    expect(again.ok && again.sends).toBe(true);
    expect((await obs.socket.timeout(5000).emitWithAck('call:media', { mic: true, camera: true, screen: false })).ok).toBe(true);
    expect((await signal(obs.socket, { to: host.id, description: { type: 'offer', sdp: sdp('sendrecv') } })).ok).toBe(true);

    // Taken back: the observer stays in the call, receiving only, and everyone sees it.
    expect((await host.socket.timeout(5000).emitWithAck('room:settings', { observersSendMedia: false })).ok).toBe(true);
    await waitFor(() => host.states.at(-1)?.members.find((m) => m.id === obs.id)?.sends === false, 5000, 'observer demoted');
    expect(host.states.at(-1)!.members.find((m) => m.id === obs.id)).toMatchObject({ sends: false, mic: false, camera: false });
    refused(await signal(obs.socket, { to: host.id, description: { type: 'offer', sdp: sdp('sendrecv') } }), 'forbidden');
  });

  it('admits a person from one tab at a time and shows the call to everyone in the room', async () => {
    const room = await createRoom(server.url);
    const host = await person(room.hostToken);
    const second = await person(room.hostToken);
    const cand = await person((await room.join('candidate', 'Cy')).token);
    expect((await join(host.socket)).ok).toBe(true);
    refused(await join(second.socket), 'conflict');
    // Someone not in the call sees who is, with their flags.
    expect((await host.socket.timeout(5000).emitWithAck('call:media', { mic: true, camera: false, screen: false })).ok).toBe(true);
    const seen = await cand.socket.timeout(5000).emitWithAck('call:state');
    expect(seen.ok && seen.state.members).toEqual([{ id: host.id, sends: true, mic: true, camera: false, screen: false }]);
    // Closing the tab leaves the call.
    host.socket.close();
    await waitFor(() => cand.states.at(-1)?.members.length === 0, 5000, 'host left the call');
  });
});

describe('call policy', () => {
  it('observers send only when an interviewer allowed it, and nobody once the room has ended', () => {
    const room: PolicyRoom = { mode: 'interview', status: 'open', observersSeeNotes: false, peer: null };
    const observer = { role: 'observer' as const, seat: null };
    expect(decide(room, observer, { type: 'call:send-media' })).toMatchObject({ ok: false, code: 'forbidden' });
    expect(decide({ ...room, observersSendMedia: true }, observer, { type: 'call:send-media' })).toEqual({ ok: true });
    expect(decide({ ...room, observersSendMedia: true, status: 'ended' }, observer, { type: 'call:send-media' })).toMatchObject({ ok: false, code: 'gone' });
    expect(decide(room, observer, { type: 'call:signal' })).toEqual({ ok: true });
  });
});

describe('TURN credentials', () => {
  it('are minted in coturn’s use-auth-secret scheme for the member, and expire after the TTL', async () => {
    const room = await createRoom(server.url);
    const host = await person(room.hostToken);
    const before = Math.floor(Date.now() / 1000);
    const joined = await join(host.socket);
    const after = Math.floor(Date.now() / 1000);
    if (!joined.ok) throw new Error(joined.error.message);
    expect(joined.iceServers[0]).toEqual({ urls: 'stun:stun.example.org:3478' });
    const turn = joined.iceServers[1]!;
    expect(turn.urls).toEqual(['turn:turn.example.org:3478?transport=udp', 'turns:turn.example.org:5349']);
    const [expiry, id] = turn.username!.split(':');
    expect(id).toBe(host.id);
    expect(Number(expiry)).toBeGreaterThanOrEqual(before + TTL);
    expect(Number(expiry)).toBeLessThanOrEqual(after + TTL);
    expect(joined.expiresAt).toBe(Number(expiry) * 1000);
    // Valid until the expiry, refused after it; a credential for another name never verifies.
    expect(coturnAccepts(turn.username!, turn.credential!, Number(expiry))).toBe(true);
    expect(coturnAccepts(turn.username!, turn.credential!, Number(expiry) + 1)).toBe(false);
    expect(coturnAccepts(`${Number(expiry) + 86_400}:${host.id}`, turn.credential!, Number(expiry))).toBe(false);
    // Refreshed on request, for members of the call.
    const fresh = await host.socket.timeout(5000).emitWithAck('call:ice');
    expect(fresh.ok && fresh.iceServers.length).toBe(2);
  });

  it('the pure scheme: expiry is now + TTL, the password is base64 HMAC-SHA1 of the username', () => {
    const now = Date.UTC(2026, 0, 1, 12, 0, 0);
    const c = turnCredential('s3cret-s3cret-s3cret', 'p1', now, 300);
    expect(c.username).toBe(`${now / 1000 + 300}:p1`);
    expect(c.credential).toBe(createHmac('sha1', 's3cret-s3cret-s3cret').update(c.username).digest('base64'));
    expect(c.expiresAt).toBe(now + 300_000);
  });

  it('are never given to someone outside the room or outside the call', async () => {
    const room = await createRoom(server.url);
    const host = await person(room.hostToken);
    const cand = await person((await room.join('candidate', 'Cy')).token);
    const received: string[] = [];
    cand.socket.onAny((event: string, ...args: unknown[]) => received.push(`${event} ${JSON.stringify(args)}`));
    expect((await join(host.socket)).ok).toBe(true);
    // In the room but not in the call: no credentials.
    const ice: Ack<IceConfig> = await cand.socket.timeout(5000).emitWithAck('call:ice');
    refused(ice, 'conflict');
    await new Promise((r) => setTimeout(r, 200));
    // Nothing broadcast to the room carries a credential.
    expect(received.join('\n')).not.toMatch(/credential|username/);
  });

  it('DUET_ICE_SERVERS and DUET_TURN_SECRET are checked at start', () => {
    const env = { DUET_DATA_DIR: '/tmp/x' };
    const config = loadConfig({ ...env, DUET_ICE_SERVERS: '[{"urls":"turn:turn.example.com:3478"}]', DUET_TURN_SECRET: 'a'.repeat(32), DUET_TURN_TTL: '900' });
    expect(config.call).toEqual({ iceServers: [{ urls: 'turn:turn.example.com:3478' }], turnSecret: 'a'.repeat(32), turnTtlSeconds: 900 });
    expect(() => loadConfig({ ...env, DUET_ICE_SERVERS: 'turn:x' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...env, DUET_ICE_SERVERS: '[{"urls":"http://x"}]' })).toThrow(/DUET_ICE_SERVERS/);
    expect(() => loadConfig({ ...env, DUET_TURN_SECRET: 'short' })).toThrow(/DUET_TURN_SECRET/);
  });
});
