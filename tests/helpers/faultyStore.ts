/**
 * The edge of the world for store-failure tests: the real SQLite store, with a switch that makes
 * chosen operations fail the way a full disk or an I/O error would, a hold that makes them wait,
 * and counters of calls.
 */
import path from 'node:path';
import { SqliteStore, type Store } from '../../server/store/index.js';
import { tempDir } from './server.js';

export interface FaultyStore extends Store {
  /** Operation name → whether it fails now (or a predicate over its first argument). */
  failing: Partial<Record<keyof Store, boolean | ((arg: unknown) => boolean)>>;
  calls: Partial<Record<keyof Store, number>>;
  /** Operation name → a promise each call waits for first (a slow disk, a load held back). */
  holding: Partial<Record<keyof Store, Promise<void>>>;
}

export function faultyStore(dir = tempDir()): FaultyStore {
  const real = new SqliteStore(path.join(dir, 'duet.sqlite'));
  const failing: FaultyStore['failing'] = {};
  const calls: FaultyStore['calls'] = {};
  const holding: FaultyStore['holding'] = {};
  return new Proxy(real as unknown as FaultyStore, {
    get(target, prop, receiver) {
      if (prop === 'failing') return failing;
      if (prop === 'calls') return calls;
      if (prop === 'holding') return holding;
      if (prop === 'appendUpdatesThen') {
        // The callback form of `appendUpdates`, which documents use when a store has it: the same
        // switches, counters and holds, as it goes through `appendUpdates` here.
        const appendThen: Store['appendUpdatesThen'] = (doc, updates, done) => {
          (receiver as Store).appendUpdates(doc, updates).then(
            (seqs) => done(null, seqs),
            (err: Error) => done(err, []),
          );
        };
        return appendThen;
      }
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      const name = prop as keyof Store;
      return async (...args: unknown[]) => {
        calls[name] = (calls[name] ?? 0) + 1;
        await holding[name];
        const rule = failing[name];
        if (rule === true || (typeof rule === 'function' && rule(args[0]))) {
          throw Object.assign(new Error('SQLITE_FULL: database or disk is full'), { code: 'SQLITE_FULL' });
        }
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}
