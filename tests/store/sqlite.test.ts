import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../../server/store/index.js';
import { tempDir } from '../helpers/server.js';
import { storeContract } from './contract.js';

const dir = tempDir();
storeContract('sqlite', async () => new SqliteStore(path.join(dir, 'duet.sqlite')));

describe('sqlite write-ahead log', () => {
  it('is checkpointed by the worker thread and restarts under a steady stream of commits', async () => {
    const file = path.join(tempDir(), 'duet.sqlite');
    // The writer's own automatic checkpoint would only start at 100,000 frames: whatever keeps the
    // log small here is the worker, and the restart the writer allows once the log passes 64 frames.
    const store = new SqliteStore(file, {
      wal: { checkpointEveryMs: 10, restartFrames: 64, backstopFrames: 100_000, keepBytes: 1 << 20 },
      ingestEveryMs: 0,
    });
    const update = new Uint8Array(200).fill(7);
    let written = 0;
    let largestWal = 0;
    const until = Date.now() + 1500;
    while (Date.now() < until) {
      // One commit per turn, from 50 documents: the same scattered pages a busy server writes.
      await Promise.all(Array.from({ length: 50 }, (_, i) => store.appendUpdates(`room${i}/pad`, [{ update, author: 'p', at: written }])));
      written += 50;
      await new Promise((resolve) => setTimeout(resolve, 1));
      largestWal = Math.max(largestWal, fs.statSync(`${file}-wal`).size);
    }
    // Without checkpoints the log would hold every page of every commit.
    const everyPageOnce = written * 4096;
    expect(written).toBeGreaterThan(10_000);
    expect(largestWal).toBeLessThan(everyPageOnce / 20);
    expect(fs.statSync(file).size).toBeGreaterThan(written * update.length);
    await store.close();

    const reopened = new SqliteStore(file);
    expect(await reopened.listUpdates('room7/pad')).toHaveLength(written / 50);
    await reopened.close();
  });
});
