// The store contract on PostgreSQL, each test in a schema of its own; and what only a database
// shared by several processes has to get right.
import { afterAll, describe, expect, it } from 'vitest';
import { DatabaseUnreachableError, PgStore } from '../../server/store/pg.js';
import { dropTestSchemas, TEST_DATABASE_URL, testSchema } from '../helpers/services.js';
import { storeContract } from './contract.js';

afterAll(dropTestSchemas);

storeContract('postgresql', () => PgStore.connect(TEST_DATABASE_URL, { schema: testSchema() }));

describe('postgresql store', () => {
  it('numbers each document\'s updates 1, 2, 3… with no gap, across concurrent writers', async () => {
    const schema = testSchema();
    const stores = await Promise.all([PgStore.connect(TEST_DATABASE_URL, { schema }), PgStore.connect(TEST_DATABASE_URL, { schema })]);
    const update = (i: number) => ({ update: new Uint8Array([i]), author: `w${i % 2}`, at: i });
    const appended = await Promise.all(
      Array.from({ length: 40 }, (_, i) => stores[i % 2]!.appendUpdates('room/pad', i % 3 === 0 ? [update(i), update(i)] : [update(i)])),
    );
    const seqs = appended.flat().sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    expect((await stores[1]!.listUpdates('room/pad', 10)).map((u) => u.seq)).toEqual(seqs.slice(10));
    // Another document starts at 1.
    expect(await stores[0]!.appendUpdates('room/board', [update(1)])).toEqual([1]);
    await Promise.all(stores.map((s) => s.close()));
  });

  it('appends to many documents from two processes at once: each document gap-free, every row under the number its caller was given', async () => {
    const schema = testSchema();
    const stores = await Promise.all([PgStore.connect(TEST_DATABASE_URL, { schema }), PgStore.connect(TEST_DATABASE_URL, { schema })]);
    const docs = Array.from({ length: 12 }, (_, i) => `room${i}/pad`);
    // Each (writer, document) appends in order, waiting for its previous append, as a document does.
    const given = new Map<string, { seq: number; bytes: number[] }[]>(docs.map((d) => [d, []]));
    await Promise.all(
      stores.flatMap((store, w) =>
        docs.map(async (doc, d) => {
          for (let round = 0; round < 15; round++) {
            const updates = Array.from({ length: 1 + ((round + d) % 3) }, (_, k) => ({ update: new Uint8Array([w, d, round, k]), author: `w${w}`, at: round }));
            const seqs = await store.appendUpdates(doc, updates);
            expect(seqs).toHaveLength(updates.length);
            seqs.forEach((seq, k) => given.get(doc)!.push({ seq, bytes: [...updates[k]!.update] }));
            if (round % 4 === w) await new Promise((r) => setImmediate(r));
          }
        }),
      ),
    );
    for (const doc of docs) {
      const stored = await stores[0]!.listUpdates(doc);
      const expected = given.get(doc)!.sort((a, b) => a.seq - b.seq);
      expect(stored.map((u) => u.seq)).toEqual(Array.from({ length: expected.length }, (_, i) => i + 1));
      expect(stored.map((u) => [...u.update])).toEqual(expected.map((e) => e.bytes));
      // One writer's rows of a document are numbered in the order it appended them.
      for (const w of [0, 1]) {
        const mine = expected.filter((e) => e.bytes[0] === w).map((e) => e.bytes[2]! * 10 + e.bytes[3]!);
        expect(mine).toEqual([...mine].sort((a, b) => a - b));
      }
    }
    expect(await stores[1]!.docHeads([docs[0]!, 'room-none/pad'])).toEqual(new Map([[docs[0]!, given.get(docs[0]!)!.length]]));
    await Promise.all(stores.map((s) => s.close()));
  });

  it('migrates once when several processes start together, and keeps what was stored', async () => {
    const schema = testSchema();
    const stores = await Promise.all([1, 2, 3].map(() => PgStore.connect(TEST_DATABASE_URL, { schema })));
    await stores[0]!.saveQuestion({ id: 'q1', kind: 'concept', title: 'Q', difficulty: 'easy', tags: [], statement: 'S', source: 'custom', guidance: { goodAnswer: [], followUps: [], hints: [], rubric: [] } }, 1);
    await Promise.all(stores.map((s) => s.close()));
    const again = await PgStore.connect(TEST_DATABASE_URL, { schema });
    expect((await again.getQuestion('q1'))?.title).toBe('Q');
    await again.close();
  });

  it('an unreachable database is a clear error naming the URL without its password', async () => {
    const connecting = PgStore.connect('postgres://duet:hunter2secret@127.0.0.1:1/duet');
    await expect(connecting).rejects.toBeInstanceOf(DatabaseUnreachableError);
    await expect(connecting).rejects.toThrow('postgres://duet:***@127.0.0.1:1/duet');
    await connecting.catch((err: Error) => expect(err.message).not.toContain('hunter2secret'));
  });

  it('one holder of an advisory lock at a time; another takes it once released', async () => {
    const schema = testSchema();
    const [a, b] = await Promise.all([PgStore.connect(TEST_DATABASE_URL, { schema }), PgStore.connect(TEST_DATABASE_URL, { schema })]);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const first = a!.withAdvisoryLock(4242, () => held);
    await new Promise((r) => setTimeout(r, 100));
    expect(await b!.withAdvisoryLock(4242, async () => {})).toBe(false);
    release();
    expect(await first).toBe(true);
    expect(await b!.withAdvisoryLock(4242, async () => {})).toBe(true);
    await Promise.all([a!.close(), b!.close()]);
  });
});
