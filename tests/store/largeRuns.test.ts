// Megabyte updates reach SQLite in runs of at most RUN_MAX_BYTES (several rows for one document
// and one append-log file), whole and in order — through background ingestion and at close; reads
// see them whole wherever they are.
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../../server/store/index.js';
import { RUN_MAX_BYTES } from '../../server/store/logRuns.js';
import { tempDir, waitFor } from '../helpers/server.js';

describe('runs of large updates', () => {
  it('splits a document\'s megabytes into runs no larger than the cap, losing and reordering nothing', async () => {
    const file = path.join(tempDir(), 'duet.sqlite');
    const store = new SqliteStore(file, { ingestEveryMs: 20 });
    const update = (i: number) => new Uint8Array(1024 * 1024).fill(i);
    // Ten megabytes in one append-log file: ingested in the background…
    for (let i = 0; i < 10; i++) await store.appendUpdates('room/pad', [{ update: update(i), author: 'p', at: i }]);
    const peek = new Database(file, { readonly: true });
    const runs = () => peek.prepare<[], { count: number; size: number }>("SELECT count, length(records) AS size FROM doc_update_runs WHERE doc = 'room/pad'").all();
    await waitFor(() => runs().reduce((n, r) => n + r.count, 0) === 10, 10_000, 'ingested');
    // …and ten more, read from the append log alongside, then stored at close.
    for (let i = 10; i < 20; i++) await store.appendUpdates('room/pad', [{ update: update(i), author: 'p', at: i }]);
    const whole = (updates: readonly { at: number; update: Uint8Array }[]) =>
      updates.length === 20 && updates.every((u, i) => u.at === i && u.update.length === 1024 * 1024 && u.update[0] === i && u.update.at(-1) === i);
    expect(whole(await store.listUpdates('room/pad'))).toBe(true);
    await store.close();
    expect(runs().reduce((n, r) => n + r.count, 0)).toBe(20);
    expect(runs().length).toBeGreaterThanOrEqual(10);
    for (const run of runs()) expect(run.size <= RUN_MAX_BYTES || run.count === 1).toBe(true);
    peek.close();
    const reopened = new SqliteStore(file);
    expect(whole(await reopened.listUpdates('room/pad'))).toBe(true);
    await reopened.close();
  });
});
