// Retention with several processes over one PostgreSQL database: one process at a time sweeps
// (an advisory lock, as the idle sweep), so the others do not erase the same rooms again.
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { RETENTION_LOCK, RetentionSweeper } from '../../server/rooms/retention.js';
import { PgStore } from '../../server/store/pg.js';
import { dropTestSchemas, TEST_DATABASE_URL, testSchema } from '../helpers/services.js';

afterAll(dropTestSchemas);

describe('retention sweep on several processes', () => {
  it('runs on one process at a time; another sweeps once the first is done', async () => {
    const schema = testSchema();
    const stores = await Promise.all([PgStore.connect(TEST_DATABASE_URL, { schema }), PgStore.connect(TEST_DATABASE_URL, { schema })]);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const erasedBy: string[] = [];
    const sweeper = (name: string, store: PgStore, erase: () => Promise<void>) =>
      new RetentionSweeper({
        days: 30,
        now: Date.now,
        listDue: async () => ['r1'],
        erase: async () => {
          erasedBy.push(name);
          await erase();
          return true;
        },
        log: pino({ level: 'silent' }),
        exclusive: (sweep) => store.withAdvisoryLock(RETENTION_LOCK, sweep),
      });
    const first = sweeper('first', stores[0]!, () => held);
    const second = sweeper('second', stores[1]!, async () => {});
    const firstSweep = first.sweep();
    await expect.poll(() => erasedBy).toEqual(['first']);
    // The first holds the lock: the second's sweep does nothing.
    expect(await second.sweep()).toBe(0);
    expect(erasedBy).toEqual(['first']);
    release();
    expect(await firstSweep).toBe(1);
    expect(await second.sweep()).toBe(1);
    expect(erasedBy).toEqual(['first', 'second']);
    await Promise.all(stores.map((s) => s.close()));
  });
});
