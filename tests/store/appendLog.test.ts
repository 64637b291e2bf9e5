// The append log: records survive a crash before SQLite took them, a torn end hides nothing before
// it, and a record SQLite already holds is not inserted twice.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { AppendLog, decodeRecords, encodeRecords, encodeUpdates, type AppendLogRecord } from '../../server/store/appendLog.js';
import { SqliteStore } from '../../server/store/index.js';
import { tempDir, waitFor } from '../helpers/server.js';

const record = (seq: number, doc = 'r1/pad', author: string | null = 'p1'): AppendLogRecord => ({
  seq,
  doc,
  author,
  at: 1_700_000_000_000 + seq,
  update: new Uint8Array([seq % 256, 1, 2, 3]),
});

describe('append log records', () => {
  it('round-trip, with and without an author, in non-ASCII document names', () => {
    const records = [record(1), record(2, 'ręcznik/notes', null), record(2 ** 40)];
    expect(decodeRecords(encodeRecords(records))).toEqual({ records, torn: false });
  });

  it('are the same bytes whether encoded from records or from appends, with the same ends', () => {
    // Appends as the update log writes them: several documents, authors repeated and absent, an
    // append without updates, numbered from one first sequence number on.
    const appends = [
      { doc: 'r1/pad', updates: [record(7), record(8, 'r1/pad', null)] },
      { doc: 'ręcznik/notes', updates: [] },
      { doc: 'ręcznik/notes', updates: [record(9, 'ręcznik/notes', 'żaba')] },
      { doc: 'r1/pad', updates: [record(10)] },
    ];
    const records = appends.flatMap(({ doc, updates }) => updates.map((u) => ({ ...u, doc })));
    const recordEnds: number[] = [];
    const updateEnds: number[] = [];
    const bytes = encodeUpdates(appends, 7, updateEnds, 100);
    expect(bytes).toEqual(encodeRecords(records, recordEnds, 100));
    expect(updateEnds).toEqual(recordEnds);
    expect(updateEnds.at(-1)).toBe(100 + bytes.length);
    expect(decodeRecords(bytes).records.map((r) => [r.seq, r.doc, r.author])).toEqual([
      [7, 'r1/pad', 'p1'],
      [8, 'r1/pad', null],
      [9, 'ręcznik/notes', 'żaba'],
      [10, 'r1/pad', 'p1'],
    ]);
  });

  it('end at a torn or corrupt record, keeping every record before it', () => {
    const bytes = encodeRecords([record(1), record(2), record(3)]);
    const torn = decodeRecords(bytes.subarray(0, bytes.length - 3));
    expect(torn.torn).toBe(true);
    expect(torn.records.map((r) => r.seq)).toEqual([1, 2]);
    const corrupt = Buffer.from(bytes);
    corrupt.writeUInt8(corrupt.readUInt8(corrupt.length - 1) ^ 0xff, corrupt.length - 1);
    expect(decodeRecords(corrupt).records.map((r) => r.seq)).toEqual([1, 2]);
  });
});

describe('the store after a crash', () => {
  it('moves what only the append log holds into SQLite at startup, once', async () => {
    const file = path.join(tempDir(), 'duet.sqlite');
    const first = new SqliteStore(file);
    const stored = await first.appendUpdates('r1/pad', [{ update: new Uint8Array([9]), author: 'p0', at: 1 }]);
    await first.close();
    // What a process killed while SQLite took one append-log file leaves behind: records in both
    // files, one of them already in SQLite, another one's doc in SQLite but not this one (taken out
    // of sequence order), then half a record.
    const s = stored[0]!;
    const draining = new AppendLog(`${file}.appendlog.0`);
    draining.write(encodeRecords([{ ...record(s), update: new Uint8Array([9]) }, record(s + 2, 'r2/pad', null)]));
    draining.close();
    const active = new AppendLog(`${file}.appendlog.1`);
    active.write(encodeRecords([record(s + 1)]));
    active.close();
    fs.appendFileSync(`${file}.appendlog.1`, encodeRecords([record(s + 3)]).subarray(0, 10));

    const store = new SqliteStore(file);
    const pad = await store.listUpdates('r1/pad');
    expect(pad.map((u) => [u.seq, u.author])).toEqual([
      [stored[0], 'p0'],
      [stored[0]! + 1, 'p1'],
    ]);
    expect((await store.listUpdates('r2/pad')).map((u) => u.author)).toEqual([null]);
    expect(fs.statSync(`${file}.appendlog.0`).size + fs.statSync(`${file}.appendlog.1`).size).toBe(0);
    // New appends continue after the highest sequence number seen, stored or logged.
    expect(await store.appendUpdates('r1/pad', [{ update: new Uint8Array([7]), author: 'p1', at: 2 }])).toEqual([stored[0]! + 3]);
    await store.close();
  });
});

/**
 * A second connection that makes SQLite refuse new log rows, as a full disk would, until
 * `UPDATE refuse SET on_ = 0` runs on it.
 */
function refusingRows(file: string): Database.Database {
  const side = new Database(file);
  side.exec(`CREATE TABLE refuse (on_ INTEGER); INSERT INTO refuse VALUES (1);
    CREATE TRIGGER refuse_rows BEFORE INSERT ON doc_update_runs WHEN (SELECT on_ FROM refuse) = 1
    BEGIN SELECT RAISE(FAIL, 'database or disk is full'); END;`);
  return side;
}

describe('ingestion into SQLite', () => {
  it('keeps acknowledged updates while SQLite refuses them, and takes them in once it recovers', async () => {
    const file = path.join(tempDir(), 'duet.sqlite');
    const store = new SqliteStore(file, { ingestEveryMs: 10 });
    const side = refusingRows(file);
    const rows = (): number => (side.prepare('SELECT coalesce(sum(count), 0) AS n FROM doc_update_runs').get() as { n: number }).n;

    for (let i = 0; i < 5; i++) await store.appendUpdates('r1/pad', [{ update: new Uint8Array([i]), author: 'p1', at: i }]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(rows()).toBe(0);
    // Reads take them from the append log meanwhile.
    expect((await store.listUpdates('r1/pad')).map((u) => u.update[0])).toEqual([0, 1, 2, 3, 4]);

    side.exec('UPDATE refuse SET on_ = 0');
    // No read and no new append: the retry alone brings them in.
    const until = Date.now() + 5000;
    while (rows() < 5 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(rows()).toBe(5);
    expect((await store.listUpdates('r1/pad')).map((u) => u.update[0])).toEqual([0, 1, 2, 3, 4]);
    side.close();
    await store.close();
  });
});

describe('appends with a callback', () => {
  it('tell each append of a turn its numbers, in order, after the call returned, and ingest like any other', async () => {
    const file = path.join(tempDir(), 'duet.sqlite');
    const store = new SqliteStore(file, { ingestEveryMs: 10 });
    const update = (n: number) => ({ update: new Uint8Array([n]), author: 'p1', at: n });
    const told: [string, Error | null, number[]][] = [];
    store.appendUpdatesThen('r1/pad', [update(1)], (err, seqs) => told.push(['r1', err, seqs]));
    store.appendUpdatesThen('r2/pad', [update(2), update(3)], (err, seqs) => told.push(['r2', err, seqs]));
    expect(told).toEqual([]);
    await waitFor(() => told.length === 2, 5000, 'both appends told');
    expect(told).toEqual([
      ['r1', null, [1]],
      ['r2', null, [2, 3]],
    ]);
    await store.close();
    const reopened = new SqliteStore(file);
    expect((await reopened.listUpdates('r2/pad')).map((u) => [u.seq, u.update[0]])).toEqual([
      [2, 2],
      [3, 3],
    ]);
    await reopened.close();
  });
});

describe('reads', () => {
  it('take what SQLite does not hold yet from both append-log files, in order, writing nothing', async () => {
    const file = path.join(tempDir(), 'duet.sqlite');
    const store = new SqliteStore(file, { ingestEveryMs: 10 });
    const side = refusingRows(file);
    const rows = (): number => (side.prepare('SELECT count(*) AS n FROM doc_update_runs').get() as { n: number }).n;
    await store.appendUpdates('r1/pad', [{ update: new Uint8Array([1]), author: 'p1', at: 1 }]);
    // Ingestion switched files and SQLite refused the first one: it waits, draining, and new appends go to the other.
    await new Promise((resolve) => setTimeout(resolve, 100));
    await store.appendUpdates('r1/pad', [{ update: new Uint8Array([2]), author: 'p1', at: 2 }]);
    // Not awaited: a read sees an append still waiting for its turn's write.
    void store.appendUpdates('r1/pad', [{ update: new Uint8Array([3]), author: null, at: 3 }]);
    const read = await store.listUpdates('r1/pad');
    expect(read.map((u) => [u.update[0], u.author, u.at])).toEqual([
      [1, 'p1', 1],
      [2, 'p1', 2],
      [3, null, 3],
    ]);
    expect((await store.listUpdates('r1/pad', read[0]!.seq)).map((u) => u.update[0])).toEqual([2, 3]);
    expect((await store.loadDoc('r1/pad')).tail.map((u) => u.update[0])).toEqual([1, 2, 3]);
    expect(rows()).toBe(0);
    side.exec('UPDATE refuse SET on_ = 0');
    await waitFor(() => rows() > 0, 5000, 'ingested once SQLite takes rows again');
    // Part in SQLite, maybe part still in the append log: the same updates either way.
    expect((await store.listUpdates('r1/pad')).map((u) => u.update[0])).toEqual([1, 2, 3]);
    side.close();
    await store.close();
  });
});

describe('runs: a row per document and ingestion', () => {
  it('keeps each update with its time and author, and a tail can start inside a run', async () => {
    const file = path.join(tempDir(), 'duet.sqlite');
    const store = new SqliteStore(file);
    const seqs: number[] = [];
    for (let i = 0; i < 5; i++) {
      seqs.push(...(await store.appendUpdates('r1/pad', [{ update: new Uint8Array([i]), author: i % 2 ? 'p2' : 'p1', at: 100 + i }])));
      await store.appendUpdates('r1/notes', [{ update: new Uint8Array([50 + i]), author: 'p1', at: 200 + i }]);
    }
    // Closing stores everything at once: one run per document.
    await store.close();
    const reopened = new SqliteStore(file);
    expect((await reopened.listUpdates('r1/pad')).map((u) => [u.update[0], u.author, u.at])).toEqual([
      [0, 'p1', 100],
      [1, 'p2', 101],
      [2, 'p1', 102],
      [3, 'p2', 103],
      [4, 'p1', 104],
    ]);
    const runs = new Database(file, { readonly: true });
    expect(runs.prepare('SELECT doc, count FROM doc_update_runs ORDER BY doc').all()).toEqual([
      { doc: 'r1/notes', count: 5 },
      { doc: 'r1/pad', count: 5 },
    ]);
    runs.close();
    expect((await reopened.listUpdates('r1/pad', seqs[2])).map((u) => u.seq)).toEqual(seqs.slice(3));
    await reopened.saveSnapshot('r1/pad', new Uint8Array([0, 0]), seqs[2]!);
    const loaded = await reopened.loadDoc('r1/pad');
    expect(loaded.snapshotSeq).toBe(seqs[2]);
    expect(loaded.tail.map((u) => u.update[0])).toEqual([3, 4]);
    await reopened.close();
  });
});

describe('ingestion in the background', () => {
  it('copies each document’s records out of shared writes into its own run, intact', async () => {
    const file = path.join(tempDir(), 'duet.sqlite');
    const store = new SqliteStore(file, { ingestEveryMs: 10 });
    // Appends made in the same tick share one write to the append log: their records interleave.
    for (let i = 0; i < 3; i++) {
      await Promise.all([
        store.appendUpdates('r1/pad', [
          { update: new Uint8Array([i, 1]), author: 'p1', at: i },
          { update: new Uint8Array([i, 2]), author: 'p1', at: i },
        ]),
        store.appendUpdates('r2/pad', [{ update: new Uint8Array([i, 3]), author: null, at: i }]),
        store.appendUpdates('r1/notes', [{ update: new Uint8Array(300).fill(i), author: 'Zoë', at: i }]),
      ]);
    }
    const side = new Database(file, { readonly: true });
    const count = () => (side.prepare('SELECT coalesce(sum(count), 0) AS n FROM doc_update_runs').get() as { n: number }).n;
    const until = Date.now() + 5000;
    while (count() < 12 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(count()).toBe(12);
    side.close();
    expect((await store.listUpdates('r1/pad')).map((u) => [...u.update])).toEqual([[0, 1], [0, 2], [1, 1], [1, 2], [2, 1], [2, 2]]);
    expect((await store.listUpdates('r2/pad')).map((u) => [u.update[1], u.author])).toEqual([[3, null], [3, null], [3, null]]);
    const notes = await store.listUpdates('r1/notes');
    expect(notes.map((u) => [u.update.length, u.update[299], u.author])).toEqual([[300, 0, 'Zoë'], [300, 1, 'Zoë'], [300, 2, 'Zoë']]);
    await store.close();
  });
});
