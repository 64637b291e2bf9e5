/**
 * The store contract: every backend runs these same tests (SQLite now, PostgreSQL next).
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DEFAULT_AGENDA } from '../../shared/agenda.js';
import { initialTimer } from '../../shared/timer.js';
import { initialFlow, type RoomRecord, type Store } from '../../server/store/index.js';
import type { Question } from '../../shared/questions.js';

let counter = 0;
const room = (): RoomRecord => ({
  id: `room-${Date.now()}-${counter++}`,
  title: 'T',
  mode: 'interview',
  agenda: DEFAULT_AGENDA,
  status: 'open',
  createdAt: 1,
  endedAt: null,
  timer: initialTimer(),
  flow: initialFlow('interview'),
});

export function storeContract(name: string, open: () => Promise<Store>): void {
  describe(`store contract: ${name}`, () => {
    it('stores and updates rooms', async () => {
      const store = await open();
      const r = room();
      await store.createRoom(r);
      expect(await store.getRoom(r.id)).toEqual(r);
      expect(await store.listOpenRoomIds()).toContain(r.id);
      const flow = { ...initialFlow('peer'), guaranteeCoding: true };
      await store.updateRoom(r.id, { status: 'ended', endedAt: 5, timer: { ...r.timer, status: 'stopped' }, flow });
      expect(await store.getRoom(r.id)).toMatchObject({ status: 'ended', endedAt: 5, timer: { status: 'stopped' }, flow });
      expect(await store.listOpenRoomIds()).not.toContain(r.id);
      expect(await store.getRoom('missing')).toBeNull();
      await store.close();
    });

    it('counts invite uses atomically and revokes by role', async () => {
      const store = await open();
      const r = room();
      await store.createRoom(r);
      const base = { roomId: r.id, createdAt: 1, expiresAt: 2, uses: 0, revoked: false, seat: null };
      await store.createInvite({ ...base, id: `${r.id}-a`, role: 'candidate', maxUses: 2 });
      await store.createInvite({ ...base, id: `${r.id}-b`, role: 'candidate', maxUses: null });
      await store.createInvite({ ...base, id: `${r.id}-c`, role: 'observer', maxUses: null });
      expect(await store.useInvite(`${r.id}-a`)).toBe('ok');
      expect(await store.useInvite(`${r.id}-a`)).toBe('ok');
      expect(await store.useInvite(`${r.id}-a`)).toBe('exhausted');
      expect(await store.revokeInvites(r.id, 'candidate')).toBe(2);
      expect(await store.useInvite(`${r.id}-b`)).toBe('revoked');
      expect(await store.useInvite(`${r.id}-c`)).toBe('ok');
      expect(await store.useInvite('nope')).toBe('missing');
      await store.close();
    });

    it('keeps participants and events in order', async () => {
      const store = await open();
      const r = room();
      await store.createRoom(r);
      await store.createParticipant({ id: `${r.id}-p1`, roomId: r.id, name: 'A', role: 'interviewer', color: '#000', createdAt: 1, seat: 'a' });
      await store.createParticipant({ id: `${r.id}-p2`, roomId: r.id, name: 'B', role: 'candidate', color: '#111', createdAt: 2, seat: null });
      expect((await store.listParticipants(r.id)).map((p) => [p.name, p.seat])).toEqual([['A', 'a'], ['B', null]]);
      await store.addEvent({ roomId: r.id, at: 1, kind: 'join', participantId: `${r.id}-p1`, data: { x: 1 } });
      await store.addEvent({ roomId: r.id, at: 2, kind: 'end', participantId: null, data: null });
      expect((await store.listEvents(r.id)).map((e) => e.kind)).toEqual(['join', 'end']);
      await store.close();
    });

    it('keeps custom questions: save, replace, list, delete', async () => {
      const store = await open();
      const id = `custom-${Date.now()}-${counter++}`;
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
      const docName = `${room().id}/pad`;
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
  });
}
