// Must show 2: the replay is refused (403) to candidates and observers, and to a peer before the
// end; a peer gets only the notes documents that seat may read.
import { describe, expect, it } from 'vitest';
import { fromBase64 } from 'lib0/buffer';
import * as Y from 'yjs';
import type { JoinResponse } from '../../shared/protocol.js';
import type { ReplayResponse } from '../../shared/replay.js';
import type { InterviewReport } from '../../shared/report.js';
import { NOTES } from '../../shared/schema.js';
import { DocTimeline } from '../../client/src/playback/timeline.js';
import { api, connectControl, connectProvider, createRoom } from '../helpers/clients.js';
import { useServer, waitFor } from '../helpers/server.js';
import { ack } from '../flow/helpers.js';

const { server, sockets } = useServer();

const replay = (roomId: string, token?: string) => api<ReplayResponse & { error?: { code: string } }>(server.url, 'GET', `/api/rooms/${roomId}/replay`, token ? { token } : {});

const report = async (roomId: string, token: string) =>
  (await api<InterviewReport>(server.url, 'GET', `/api/rooms/${roomId}/report`, { token, headers: { accept: 'application/json' } })).body;

/** Writes `text` into a notes document and waits until the server has it stored. */
async function writeNotes(roomId: string, doc: string, token: string, text: string): Promise<void> {
  const client = await connectProvider(server.wsUrl, roomId, doc, token);
  client.doc.getText(NOTES.notes).insert(0, text);
  // A fresh connection sees the text only once it is stored (a state answer waits for pending appends).
  const check = await connectProvider(server.wsUrl, roomId, doc, token);
  await waitFor(() => check.doc.getText(NOTES.notes).toString().includes(text), 5000, 'notes stored');
  check.destroy();
  client.destroy();
}

const notesText = (r: ReplayResponse, doc: 'notes-a' | 'notes-b' | 'notes'): string => {
  const log = r.docs[doc];
  if (!log) return '';
  const ydoc = new Y.Doc();
  for (const u of log) Y.applyUpdate(ydoc, fromBase64(u.update));
  return ydoc.getText(NOTES.notes).toString();
};

describe('who may play an interview back', () => {
  it('interview rooms: interviewers only; candidates and observers get 403', async () => {
    const room = await createRoom(server.url);
    const candidate = await room.join('candidate');
    const observer = await room.join('observer');
    const second = await room.join('interviewer', 'Second');
    await writeNotes(room.room.id, 'notes', room.hostToken, 'strong on trade-offs');

    expect((await replay(room.room.id)).status).toBe(401);
    for (const token of [candidate.token, observer.token]) {
      const res = await replay(room.room.id, token);
      expect(res.status).toBe(403);
      expect(res.body.error?.code).toBe('forbidden');
      expect(JSON.stringify(res.body)).not.toContain('trade-offs');
    }
    for (const token of [room.hostToken, second.token]) {
      const res = await replay(room.room.id, token);
      expect(res.status).toBe(200);
      expect(Object.keys(res.body.docs).sort()).toEqual(['notes', 'pad']);
      expect(notesText(res.body, 'notes')).toBe('strong on trade-offs');
    }
    // Another room's session is no key to this one.
    const other = await createRoom(server.url);
    expect((await replay(room.room.id, other.hostToken)).status).toBe(403);
    // Still refused after the end.
    const host = await connectControl(server.url, room.hostToken);
    sockets.push(host.socket);
    expect(await ack(host.socket, 'room:end')).toMatchObject({ ok: true });
    expect((await replay(room.room.id, candidate.token)).status).toBe(403);
    expect((await replay(room.room.id, observer.token)).status).toBe(403);
  });

  it('peer rooms: neither peer before the end; after it, each gets only the notes its seat may read', async () => {
    const room = await createRoom(server.url, { mode: 'peer', hostName: 'Ada' });
    const id = room.room.id;
    const b = await api<JoinResponse>(server.url, 'POST', `/api/rooms/${id}/join`, { body: { invite: room.seats!.b.token, name: 'Bea' } });
    const bToken = b.body.token;
    const observer = await room.join('observer');
    await writeNotes(id, 'notes-a', room.hostToken, 'A about B');

    expect((await replay(id, room.hostToken)).status).toBe(403);
    expect((await replay(id, bToken)).status).toBe(403);
    // The report offers no playback link the replay would refuse: none before the end, one after.
    expect((await report(id, room.hostToken)).playback).toBeUndefined();

    const a = await connectControl(server.url, room.hostToken);
    sockets.push(a.socket);
    expect(await ack(a.socket, 'room:swap')).toMatchObject({ ok: true });
    await writeNotes(id, 'notes-b', bToken, 'B about A');
    expect(await ack(a.socket, 'room:end')).toMatchObject({ ok: true });

    expect((await report(id, bToken)).playback).toBe(`/r/${id}/playback`);
    const forA = await replay(id, room.hostToken);
    expect(forA.status).toBe(200);
    expect(Object.keys(forA.body.docs).sort()).toEqual(['notes-a', 'pad']);
    expect(notesText(forA.body, 'notes-a')).toBe('A about B');

    const forB = await replay(id, bToken);
    expect(Object.keys(forB.body.docs).sort()).toEqual(['notes-b', 'pad']);
    expect(notesText(forB.body, 'notes-b')).toBe('B about A');
    expect((await replay(id, observer.token)).status).toBe(403);

    // Once A shares, B may read A's notes, and the replay follows.
    expect(await ack(a.socket, 'feedback:share', { shared: true })).toMatchObject({ ok: true });
    const shared = await replay(id, bToken);
    expect(Object.keys(shared.body.docs).sort()).toEqual(['notes-a', 'notes-b', 'pad']);
    expect(notesText(shared.body, 'notes-a')).toBe('A about B');

    // The clock is in the events: every timer change carries its state, so playback can show it.
    const kinds = shared.body.events.map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['create', 'join', 'swap', 'end', 'share']));
    const end = shared.body.events.find((e) => e.kind === 'end')!;
    expect(end.data).toMatchObject({ timer: { status: 'stopped' } });
    expect(shared.body.events.find((e) => e.kind === 'create')!.data).toMatchObject({ agenda: room.room.agenda, timer: { status: 'idle' } });
    expect(new DocTimeline(shared.body.docs.pad!).length).toBe(shared.body.docs.pad!.length);
  });
});
