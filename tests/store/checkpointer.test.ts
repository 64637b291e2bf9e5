import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { Checkpointer } from '../../server/store/checkpointer.js';
import { tempDir, waitFor } from '../helpers/server.js';

it('checkpoints after the writer commits, and does nothing while nothing is committed', async () => {
  const file = path.join(tempDir(), 'duet.sqlite');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('wal_autocheckpoint = 0');
  db.exec('CREATE TABLE t (x)');
  const errors: Error[] = [];
  const checkpointer = new Checkpointer({ file, everyMs: 5, restartFrames: 1e9, onBacklog: () => {}, onError: (err) => errors.push(err) });
  const walFrames = () => (db.pragma('wal_checkpoint(PASSIVE)') as { log: number; checkpointed: number }[])[0]!;
  try {
    await waitFor(() => checkpointer.checkpoints >= 1, 10_000, 'the first checkpoint');
    // Idle: a tick every 5 ms, and not one checkpoint (each would wake the event loop with its result).
    const idle = checkpointer.checkpoints;
    await sleep(300);
    expect(checkpointer.checkpoints).toBe(idle);
    const insert = db.prepare('INSERT INTO t VALUES (?)');
    for (let i = 0; i < 3; i++) {
      const before = checkpointer.checkpoints;
      insert.run(i);
      await waitFor(() => checkpointer.checkpoints > before, 10_000, `a checkpoint after commit ${i}`);
    }
    // The worker copied what was committed: nothing is left in the WAL for the writer to copy.
    const { log, checkpointed } = walFrames();
    expect(checkpointed).toBe(log);
    expect(errors).toEqual([]);
  } finally {
    await checkpointer.stop();
    db.close();
  }
});
