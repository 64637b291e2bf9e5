/**
 * The store contract: every backend runs these same tests (SQLite now, PostgreSQL next). Nothing
 * here knows which backend it runs: `open` returns a fresh handle on the backend's shared test
 * database, and every test uses ids of its own.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DEFAULT_AGENDA } from '../../shared/agenda.js';
import type { RoomMode } from '../../shared/protocol.js';
import type { Role, Seat } from '../../shared/roles.js';
import { initialTimer } from '../../shared/timer.js';
import { initialFlow, type InviteRecord, type NewRoom, type ParticipantRecord, type RoomEvent, type Store } from '../../server/store/index.js';
import type { Question } from '../../shared/questions.js';

let counter = 0;
const uniqueId = (prefix: string) => `${prefix}-${Date.now()}-${process.pid}-${counter++}`;

const participant = (roomId: string, name: string, role: Role, seat: Seat | null): ParticipantRecord => ({
  id: uniqueId('p'),
  roomId,
  name,
  role,
  color: '#000',
  createdAt: 1,
  seat,
  status: 'admitted',
});

const invite = (roomId: string, role: Role, seat: Seat | null, maxUses: number | null = null): InviteRecord => ({
  id: uniqueId('i'),
  roomId,
  role,
  createdAt: 1,
  expiresAt: 2,
  maxUses,
  uses: 0,
  revoked: false,
  seat,
});

const event = (roomId: string, kind: RoomEvent['kind'], participantId: string | null): RoomEvent => ({
  roomId,
  at: 1,
  kind,
  participantId,
  data: { by: participantId },
});

/** A room as the room service creates one: its host, an invite per role and the 'create' event. */
function newRoom(mode: RoomMode = 'interview'): NewRoom {
  const id = uniqueId('room');
  const host = participant(id, 'Host', 'interviewer', mode === 'peer' ? 'a' : null);
  return {
    room: { id, title: 'T', mode, agenda: DEFAULT_AGENDA, status: 'open', createdAt: 1, endedAt: null, timer: initialTimer(), flow: initialFlow(mode) },
    participants: [host],
    invites: [
      invite(id, 'interviewer', mode === 'peer' ? 'a' : null),
      invite(id, 'candidate', mode === 'peer' ? 'b' : null),
      invite(id, 'observer', null),
    ],
    events: [event(id, 'create', host.id)],
  };
}

/** A room alone, stored. */
const storeBareRoom = (store: Store) => store.createRoom({ room: newRoom().room, participants: [], invites: [], events: [] });

/** A join through `inviteId` as the room service makes one: the participant and its 'join' event. */
function joinOf(roomId: string, inviteId: string, name: string, role: Role, seat: Seat | null) {
  const p = participant(roomId, name, role, seat);
  return { inviteId, participant: p, event: event(roomId, 'join', p.id) };
}

export function storeContract(name: string, open: () => Promise<Store>): void {
  describe(`store contract: ${name}`, () => {
    it('creates a room with its host, invites and create event in one step, at version 1', async () => {
      const store = await open();
      const input = newRoom('peer');
      const created = await store.createRoom(input);
      expect(created).toEqual({ ...input.room, version: 1 });
      expect(await store.getRoom(input.room.id)).toEqual(created);
      expect(await store.listOpenRoomIds()).toContain(input.room.id);
      expect(await store.listParticipants(input.room.id)).toEqual(input.participants);
      expect(await store.getParticipant(input.participants[0]!.id)).toEqual(input.participants[0]);
      for (const i of input.invites) expect(await store.getInvite(i.id)).toEqual(i);
      expect(await store.listEvents(input.room.id)).toEqual(input.events);
      expect(await store.getRoom('missing')).toBeNull();
      await store.close();
    });

    it('stores nothing of a room when any part of its creation fails', async () => {
      const store = await open();
      // A part fails after the room and others were written: a second holder of seat A, an
      // invite id given twice.
      const seatTwice = newRoom('peer');
      seatTwice.participants.push(participant(seatTwice.room.id, 'Second A', 'interviewer', 'a'));
      const inviteTwice = newRoom();
      inviteTwice.invites.push({ ...inviteTwice.invites[0]! });
      for (const input of [seatTwice, inviteTwice]) {
        await expect(store.createRoom(input)).rejects.toThrow();
        expect(await store.getRoom(input.room.id)).toBeNull();
        expect(await store.listParticipants(input.room.id)).toEqual([]);
        for (const i of input.invites) expect(await store.getInvite(i.id)).toBeNull();
        expect(await store.listEvents(input.room.id)).toEqual([]);
        expect(await store.listOpenRoomIds()).not.toContain(input.room.id);
      }
      // A room id taken already: the new parts are not stored, the first room is untouched.
      const first = newRoom();
      await store.createRoom(first);
      const again = newRoom();
      again.room = { ...again.room, id: first.room.id, title: 'Other' };
      for (const part of [...again.participants, ...again.invites, ...again.events]) part.roomId = first.room.id;
      await expect(store.createRoom(again)).rejects.toThrow();
      expect(await store.getRoom(first.room.id)).toMatchObject({ title: 'T', version: 1 });
      expect(await store.getInvite(again.invites[0]!.id)).toBeNull();
      expect(await store.listParticipants(first.room.id)).toEqual(first.participants);
      expect(await store.listEvents(first.room.id)).toEqual(first.events);
      await store.close();
    });

    it('reads a room\'s access fields with one participant of it, and no one of another room', async () => {
      const store = await open();
      const input = newRoom('peer');
      const created = await store.createRoom(input);
      const other = await store.createRoom(newRoom());
      const host = input.participants[0]!;
      const room = { id: created.id, mode: created.mode, status: created.status, flow: created.flow };
      expect(await store.getAccess(created.id, host.id)).toEqual({ room, participant: host });
      expect(await store.getAccess(created.id, 'nobody')).toEqual({ room, participant: null });
      expect(await store.getAccess(other.id, host.id)).toEqual({ room: { id: other.id, mode: 'interview', status: 'open', flow: other.flow }, participant: null });
      expect(await store.getAccess('missing', host.id)).toBeNull();
      // What changes access is read as it is now.
      const flow = { ...created.flow, observersSeeNotes: true };
      await store.updateRoom(created.id, 1, { status: 'ended', endedAt: 5, flow });
      await store.updateParticipant(created.id, host.id, { status: 'removed' }, event(created.id, 'remove', null));
      expect(await store.getAccess(created.id, host.id)).toEqual({ room: { ...room, status: 'ended', flow }, participant: { ...host, status: 'removed' } });
      await store.close();
    });

    it('updates a room only from the version it was read at (compare-and-set)', async () => {
      const store = await open();
      const created = await storeBareRoom(store);
      const changes = { status: 'ended', endedAt: 5, timer: { ...created.timer, status: 'stopped' }, flow: { ...initialFlow('peer'), guaranteeCoding: true } } as const;
      const room = created;
      const updated = await store.updateRoom(room.id, 1, changes);
      expect(updated).toEqual({ status: 'updated', room: { ...created, ...changes, version: 2 } });
      expect(await store.getRoom(room.id)).toEqual({ ...created, ...changes, version: 2 });
      expect(await store.listOpenRoomIds()).not.toContain(room.id);
      // Only the columns named change; a null is written as null.
      const titled = await store.updateRoom(room.id, 2, { title: 'Renamed', endedAt: null });
      expect(titled).toEqual({ status: 'updated', room: { ...created, ...changes, title: 'Renamed', endedAt: null, version: 3 } });
      // A stale version writes nothing and says what is stored now.
      const stale = await store.updateRoom(room.id, 2, { title: 'Lost' });
      expect(stale).toEqual({ status: 'conflict', current: { ...created, ...changes, title: 'Renamed', endedAt: null, version: 3 } });
      expect(await store.getRoom(room.id)).toMatchObject({ title: 'Renamed', version: 3 });
      expect(await store.updateRoom('missing', 1, { title: 'x' })).toEqual({ status: 'missing' });
      await store.close();
    });

    it('two concurrent writers of one version: exactly one wins, the loser re-applies its change, nothing is lost', async () => {
      const store = await open();
      const peer = { ...initialFlow('interview'), observersSeeNotes: true };
      const room = await storeBareRoom(store);
      const [a, b] = await Promise.all([
        store.updateRoom(room.id, room.version, { title: 'From A' }),
        store.updateRoom(room.id, room.version, { flow: peer }),
      ]);
      const results = [a, b].map((r) => r.status).sort();
      expect(results).toEqual(['conflict', 'updated']);
      const loser = a.status === 'conflict' ? a : b;
      if (loser.status !== 'conflict') throw new Error('one writer must have lost');
      expect(loser.current.version).toBe(2);
      const retried = await store.updateRoom(room.id, loser.current.version, loser === a ? { title: 'From A' } : { flow: peer });
      expect(retried.status).toBe('updated');
      expect(await store.getRoom(room.id)).toMatchObject({ title: 'From A', flow: { observersSeeNotes: true }, version: 3 });
      await store.close();
    });

    it('many concurrent read-change-write loops on one room lose no update', async () => {
      const store = await open();
      const room = await storeBareRoom(store);
      // Each writer adds 1 to the clock's elapsed time, retrying from what is stored on a conflict.
      const writers = 20;
      let conflicts = 0;
      const addOne = async () => {
        for (;;) {
          const current = (await store.getRoom(room.id))!;
          const timer = { ...current.timer, phaseElapsedMs: current.timer.phaseElapsedMs + 1 };
          const result = await store.updateRoom(room.id, current.version, { timer });
          if (result.status === 'updated') return;
          conflicts++;
        }
      };
      await Promise.all(Array.from({ length: writers }, addOne));
      expect(await store.getRoom(room.id)).toMatchObject({ timer: { phaseElapsedMs: writers }, version: 1 + writers });
      // Started together, the writers did race: most of them lost at least once.
      expect(conflicts).toBeGreaterThan(0);
      await store.close();
    });

    it('changes a participant\'s role or status with its event, and only in their own room', async () => {
      const store = await open();
      const input = newRoom();
      await store.createRoom(input);
      const id = input.room.id;
      const join = joinOf(id, input.invites[1]!.id, 'Wai', 'candidate', null);
      await store.joinRoom({ ...join, participant: { ...join.participant, status: 'waiting' } });
      expect(await store.getParticipant(join.participant.id)).toMatchObject({ status: 'waiting', role: 'candidate' });
      const admitted = await store.updateParticipant(id, join.participant.id, { status: 'admitted' }, event(id, 'admit', input.participants[0]!.id));
      expect(admitted).toMatchObject({ status: 'admitted', role: 'candidate', name: 'Wai' });
      expect(await store.updateParticipant(id, join.participant.id, { role: 'observer' }, event(id, 'role', null))).toMatchObject({ status: 'admitted', role: 'observer' });
      // Another room's id, or no such person: nothing written, not even the event.
      const other = newRoom();
      await store.createRoom(other);
      expect(await store.updateParticipant(other.room.id, join.participant.id, { status: 'removed' }, event(other.room.id, 'remove', null))).toBeNull();
      expect(await store.updateParticipant(id, 'nobody', { status: 'removed' }, event(id, 'remove', null))).toBeNull();
      expect(await store.getParticipant(join.participant.id)).toMatchObject({ status: 'admitted', role: 'observer' });
      expect((await store.listEvents(id)).map((e) => e.kind)).toEqual(['create', 'join', 'admit', 'role']);
      expect((await store.listEvents(other.room.id)).map((e) => e.kind)).toEqual(['create']);
      await store.close();
    });

    it('joins through an invite: its use, the participant and the event together, or nothing', async () => {
      const store = await open();
      const input = newRoom();
      input.invites.push(invite(input.room.id, 'candidate', null, 1));
      await store.createRoom(input);
      const [, candidate, observer, once] = input.invites;
      const id = input.room.id;
      const first = joinOf(id, once!.id, 'Cy', 'candidate', null);
      expect(await store.joinRoom(first)).toEqual({ status: 'joined' });
      expect(await store.getParticipant(first.participant.id)).toEqual(first.participant);
      expect(await store.getInvite(once!.id)).toMatchObject({ uses: 1 });
      // Used up, revoked, unknown, or an invite of another room: nothing is written.
      const other = newRoom();
      await store.createRoom(other);
      const refused = [
        [joinOf(id, once!.id, 'Late', 'candidate', null), 'exhausted'],
        [joinOf(id, 'no-such-invite', 'Nobody', 'candidate', null), 'missing'],
        [joinOf(id, other.invites[1]!.id, 'Elsewhere', 'candidate', null), 'missing'],
      ] as const;
      for (const [join, status] of refused) expect(await store.joinRoom(join)).toEqual({ status });
      expect(await store.revokeInvites(id, 'candidate')).toBe(2);
      expect(await store.revokeInvites(id, 'candidate')).toBe(0);
      expect(await store.joinRoom(joinOf(id, candidate!.id, 'Revoked', 'candidate', null))).toEqual({ status: 'revoked' });
      expect(await store.getInvite(candidate!.id)).toMatchObject({ uses: 0, revoked: true });
      expect(await store.getInvite(other.invites[1]!.id)).toMatchObject({ uses: 0, revoked: false });
      expect((await store.listParticipants(id)).map((p) => p.name)).toEqual(['Host', 'Cy']);
      expect((await store.listEvents(id)).map((e) => e.kind)).toEqual(['create', 'join']);
      // Other roles' invites still work, as many times as they allow.
      for (const name of ['O1', 'O2']) expect(await store.joinRoom(joinOf(id, observer!.id, name, 'observer', null))).toEqual({ status: 'joined' });
      expect(await store.getInvite(observer!.id)).toMatchObject({ uses: 2 });
      await store.close();
    });

    it('a seat has one holder: of two concurrent joins of seat B one is refused, with nothing written', async () => {
      const store = await open();
      const input = newRoom('peer');
      // The interviewing peer minted a second invite for seat B.
      const second = invite(input.room.id, 'candidate', 'b');
      input.invites.push(second);
      await store.createRoom(input);
      const id = input.room.id;
      const seatB = input.invites[1]!;
      const joins = [joinOf(id, seatB.id, 'Bea', 'candidate', 'b'), joinOf(id, second.id, 'Intruder', 'candidate', 'b')];
      const results = await Promise.all(joins.map((j) => store.joinRoom(j)));
      expect(results.map((r) => r.status).sort()).toEqual(['joined', 'seat-taken']);
      const holders = (await store.listParticipants(id)).filter((p) => p.seat === 'b');
      expect(holders).toHaveLength(1);
      // The refused join used no invite and logged nothing.
      const uses = [(await store.getInvite(seatB.id))!.uses, (await store.getInvite(second.id))!.uses];
      expect(uses.sort()).toEqual([0, 1]);
      expect((await store.listEvents(id)).map((e) => e.kind)).toEqual(['create', 'join']);
      // Seat A is the host's; seats are per room; participants without a seat are not limited.
      expect(await store.joinRoom(joinOf(id, input.invites[0]!.id, 'Second A', 'interviewer', 'a'))).toEqual({ status: 'seat-taken' });
      const other = newRoom('peer');
      await store.createRoom(other);
      expect(await store.joinRoom(joinOf(other.room.id, other.invites[1]!.id, 'Bo', 'candidate', 'b'))).toEqual({ status: 'joined' });
      for (const name of ['O1', 'O2']) expect(await store.joinRoom(joinOf(id, input.invites[2]!.id, name, 'observer', null))).toEqual({ status: 'joined' });
      expect((await store.listParticipants(id)).map((p) => p.seat)).toEqual(['a', 'b', null, null]);
      await store.close();
    });

    it('keeps events in order, with their data', async () => {
      const store = await open();
      const input = newRoom();
      await store.createRoom(input);
      const id = input.room.id;
      await store.addEvent({ roomId: id, at: 1, kind: 'timer', participantId: input.participants[0]!.id, data: { x: 1 } });
      await store.addEvent({ roomId: id, at: 2, kind: 'end', participantId: null, data: null });
      expect((await store.listEvents(id)).map((e) => [e.kind, e.data])).toEqual([['create', input.events[0]!.data], ['timer', { x: 1 }], ['end', null]]);
      const extra = invite(id, 'observer', null, 3);
      await store.createInvite(extra);
      expect(await store.getInvite(extra.id)).toEqual(extra);
      await store.close();
    });

    it('keeps custom questions: save, replace, list, delete', async () => {
      const store = await open();
      const id = uniqueId('custom');
      const q: Question = {
        id,
        kind: 'concept',
        title: 'Q',
        difficulty: 'easy',
        tags: ['t'],
        statement: 'S',
        source: 'custom',
        guidance: { goodAnswer: ['g'], followUps: [], hints: [], rubric: [] },
      };
      await store.saveQuestion(q, 1);
      await store.saveQuestion({ ...q, title: 'Q2' }, 2);
      expect(await store.getQuestion(id)).toEqual({ ...q, title: 'Q2' });
      expect((await store.listQuestions()).filter((x) => x.id === id)).toHaveLength(1);
      expect(await store.deleteQuestion(id)).toBe(true);
      expect(await store.deleteQuestion(id)).toBe(false);
      expect(await store.getQuestion(id)).toBeNull();
      await store.close();
    });

    it('appends updates with author and time, and loads snapshot + tail to the same state', async () => {
      const store = await open();
      const docName = `${uniqueId('room')}/pad`;
      const doc = new Y.Doc();
      const updates: Uint8Array[] = [];
      doc.on('update', (u: Uint8Array) => updates.push(u));
      for (let i = 0; i < 10; i++) doc.getText('code').insert(i, String(i));
      const seqs: number[] = [];
      // One at a time and as one batch: both keep the order.
      for (const u of updates.slice(0, 4)) seqs.push(...(await store.appendUpdates(docName, [{ update: u, author: 'p1', at: 42 }])));
      seqs.push(...(await store.appendUpdates(docName, updates.slice(4).map((update) => ({ update, author: 'p1', at: 42 })))));
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      // Snapshot at the 6th update, then load: snapshot + 4 tail updates.
      const half = new Y.Doc();
      for (const u of updates.slice(0, 6)) Y.applyUpdate(half, u);
      await store.saveSnapshot(docName, Y.encodeStateAsUpdate(half), seqs[5]!);
      const loaded = await store.loadDoc(docName);
      expect(loaded.snapshotSeq).toBe(seqs[5]);
      expect(loaded.tail).toHaveLength(4);
      expect(loaded.tail[0]).toMatchObject({ author: 'p1', at: 42 });
      const fresh = new Y.Doc();
      Y.applyUpdate(fresh, loaded.snapshot!);
      for (const t of loaded.tail) Y.applyUpdate(fresh, t.update);
      expect(fresh.getText('code').toString()).toBe('0123456789');
      // The full log stays for replay.
      expect(await store.listUpdates(docName)).toHaveLength(10);
      // An older snapshot never replaces a newer one.
      await store.saveSnapshot(docName, new Uint8Array([0, 0]), seqs[1]!);
      expect((await store.loadDoc(docName)).snapshotSeq).toBe(seqs[5]);
      await store.close();
    });

    it('erases a room whole — rows, invites, participants, events, documents — and lists ended rooms by age', async () => {
      const store = await open();
      const keep = newRoom();
      const gone = newRoom('peer');
      await store.createRoom(keep);
      await store.createRoom(gone);
      await store.addEvent(event(gone.room.id, 'timer', gone.participants[0]!.id));
      for (const id of [keep.room.id, gone.room.id]) {
        for (const doc of ['pad', 'notes-a']) {
          const seqs = await store.appendUpdates(`${id}/${doc}`, [{ update: new Uint8Array([1, 2, 3]), author: 'p', at: 5 }]);
          await store.saveSnapshot(`${id}/${doc}`, new Uint8Array([0, 0]), seqs[0]!);
        }
      }
      for (const [room, endedAt] of [[keep, 1000], [gone, 2000]] as const) {
        const ended = await store.updateRoom(room.room.id, 1, { status: 'ended', endedAt });
        expect(ended.status).toBe('updated');
      }
      expect(await store.listEndedRoomIds(1500)).toContain(keep.room.id);
      expect(await store.listEndedRoomIds(1500)).not.toContain(gone.room.id);
      expect(await store.listEndedRoomIds(2500)).toEqual(expect.arrayContaining([keep.room.id, gone.room.id]));

      expect(await store.deleteRoom(gone.room.id)).toBe(true);
      expect(await store.deleteRoom(gone.room.id)).toBe(false);
      expect(await store.getRoom(gone.room.id)).toBeNull();
      expect(await store.listParticipants(gone.room.id)).toEqual([]);
      expect(await store.getParticipant(gone.participants[0]!.id)).toBeNull();
      for (const i of gone.invites) expect(await store.getInvite(i.id)).toBeNull();
      expect(await store.listEvents(gone.room.id)).toEqual([]);
      expect(await store.listUpdates(`${gone.room.id}/pad`)).toEqual([]);
      expect(await store.loadDoc(`${gone.room.id}/notes-a`)).toEqual({ snapshot: null, snapshotSeq: 0, tail: [] });
      expect(await store.listEndedRoomIds(2500)).not.toContain(gone.room.id);
      // The other room is untouched.
      expect(await store.getRoom(keep.room.id)).toMatchObject({ id: keep.room.id, status: 'ended' });
      expect(await store.listUpdates(`${keep.room.id}/pad`)).toHaveLength(1);
      expect((await store.loadDoc(`${keep.room.id}/notes-a`)).snapshot).not.toBeNull();
      expect(await store.listParticipants(keep.room.id)).toHaveLength(1);
      await store.close();
    });
  });
}
