import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../../server/store/index.js';
import { tempDir, waitFor } from '../helpers/server.js';
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
    const walBytes = () => fs.statSync(`${file}-wal`).size;
    let written = 0;
    let largestWal = 0;
    const commit = async (documents: number) => {
      // One commit per turn, from many documents: the same scattered pages a busy server writes.
      await Promise.all(Array.from({ length: documents }, (_, i) => store.appendUpdates(`room${i}/pad`, [{ update, author: 'p', at: written }])));
      written += documents;
      largestWal = Math.max(largestWal, walBytes());
    };
    // Counts, not a time window: a busy machine writes the same commits, only more slowly. After
    // each burst the stream goes on at a trickle until the log is back under its kept size: it
    // was checkpointed and restarted (without the worker it would only ever grow). How long that
    // takes is the machine's business; that it happens after every burst is the test.
    for (let burst = 0; burst < 12; burst++) {
      for (let turn = 0; turn < 20; turn++) {
        await commit(50);
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      await waitFor(
        async () => {
          await commit(1);
          return walBytes() <= (1 << 20) + 64 * 4096;
        },
        20_000,
        `the log back under its kept size after burst ${burst}`,
      );
    }
    // Without checkpoints the log would hold every page of every commit: 50+ MB.
    expect(written).toBeGreaterThanOrEqual(12_000);
    expect(largestWal).toBeGreaterThan(1 << 20); // the bursts did outgrow the kept size
    expect(fs.statSync(file).size).toBeGreaterThan(written * update.length);
    await store.close();

    const reopened = new SqliteStore(file);
    expect(await reopened.listUpdates('room7/pad')).toHaveLength(12 * 20);
    await reopened.close();
  }, 300_000);
});
