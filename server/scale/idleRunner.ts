/**
 * Ending abandoned rooms when several processes serve them: one process at a time sweeps, the one
 * that holds the database's advisory lock for it (so a room is never ended twice at once, and the
 * sweep goes on when a process dies). A room is idle while no process marks it active in Redis
 * (`presence.ts`); when it was first seen idle is kept in Redis too, so whichever process sweeps
 * next counts from the same moment.
 */
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { PgStore } from '../store/pg.js';

/** The advisory lock key of the idle sweep (any fixed number; this one spells "idle"). */
const IDLE_LOCK = 0x69646c65;

export interface IdleRunnerOptions {
  store: PgStore;
  redis: Redis;
  prefix: string;
  log: Logger;
  idleMs: number;
  /** The key a room's activity is kept under (`RedisPresence.activityKey`). */
  activityKey: (roomId: string) => string;
  end: (roomId: string) => Promise<unknown>;
  now: () => number;
}

export class IdleRunner {
  private readonly timer: NodeJS.Timeout;
  private sweeping: Promise<void> | null = null;

  constructor(private readonly options: IdleRunnerOptions) {
    // As the single-process sweeper: a room ends within about a quarter of the idle time after it is due.
    const every = Math.max(50, Math.min(60_000, Math.floor(options.idleMs / 4)));
    this.timer = setInterval(() => void this.sweep(), every);
    this.timer.unref();
  }

  /** One sweep, if no other process is sweeping now. Public so tests can sweep on demand. */
  sweep(): Promise<void> {
    this.sweeping ??= this.options.store
      .withAdvisoryLock(IDLE_LOCK, () => this.sweepLocked())
      .then(
        () => undefined,
        (err: unknown) => this.options.log.warn({ err }, 'idle sweep failed'),
      )
      .finally(() => {
        this.sweeping = null;
      });
    return this.sweeping;
  }

  private async sweepLocked(): Promise<void> {
    const { store, redis, prefix, idleMs, now } = this.options;
    const open = await store.listOpenRoomIds();
    if (open.length === 0) return;
    const active = await redis.mget(...open.map((id) => this.options.activityKey(id)));
    const at = now();
    for (const [i, roomId] of open.entries()) {
      const since = `${prefix}idle-since:${roomId}`;
      if (active[i] !== null) {
        await redis.del(since);
        continue;
      }
      await redis.set(since, String(at), 'PX', idleMs * 4, 'NX');
      const idleSince = Number(await redis.get(since));
      if (at - idleSince < idleMs) continue;
      await redis.del(since);
      await this.options.end(roomId).catch((err: unknown) => this.options.log.error({ room: roomId, err }, 'ending an idle room failed'));
    }
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
