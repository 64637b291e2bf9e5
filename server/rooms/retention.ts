/**
 * Retention (`DUET_RETENTION_DAYS`): ended rooms are erased whole once they ended longer ago than
 * that. A sweep runs shortly after start and then every `everyMs`; each due room is erased through
 * the room service (its lock, its transports' documents dropped), one after the other. With
 * several processes over one database, one process at a time sweeps (`exclusive`): the others
 * would only find the same rooms and erase them again, each erase taking the room's lock.
 */
import type { Logger } from 'pino';

export const DAY_MS = 86_400_000;
/** How often the sweep runs: rooms are erased at most this late. */
export const RETENTION_SWEEP_MS = 3_600_000;
/** The first sweep after start: soon, but not in the middle of startup. */
const FIRST_SWEEP_MS = 5_000;
/** The advisory lock key of the retention sweep with PostgreSQL (any fixed number; this one spells "rete"). */
export const RETENTION_LOCK = 0x72657465;

export interface RetentionOptions {
  days: number;
  everyMs?: number;
  now: () => number;
  /** Ended rooms that ended before the given time. */
  listDue: (before: number) => Promise<string[]>;
  erase: (roomId: string) => Promise<boolean>;
  log: Logger;
  /**
   * Runs a sweep only where no other process is sweeping (a database advisory lock): resolves
   * false, without running it, when another holds the lock. Without it every sweep runs.
   */
  exclusive?: ((sweep: () => Promise<void>) => Promise<boolean>) | undefined;
}

export class RetentionSweeper {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(private readonly options: RetentionOptions) {}

  start(): void {
    const every = this.options.everyMs ?? RETENTION_SWEEP_MS;
    const tick = () => {
      void this.sweep();
      this.timer = setTimeout(tick, every).unref();
    };
    this.timer = setTimeout(tick, Math.min(FIRST_SWEEP_MS, every)).unref();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Erases every due room; resolves with how many. One sweep at a time. */
  sweep(): Promise<number> {
    this.running ??= this.sweepAlone().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async sweepAlone(): Promise<number> {
    const { exclusive, log } = this.options;
    if (!exclusive) return this.eraseDue();
    let erased = 0;
    try {
      await exclusive(async () => {
        erased = await this.eraseDue();
      });
    } catch (err) {
      log.error({ err }, 'retention sweep could not take its lock; trying at the next sweep');
    }
    return erased;
  }

  private async eraseDue(): Promise<number> {
    const { days, now, listDue, erase, log } = this.options;
    let erased = 0;
    try {
      for (const roomId of await listDue(now() - days * DAY_MS)) {
        if (await erase(roomId)) erased++;
      }
    } catch (err) {
      log.error({ err }, 'retention sweep failed; the rest is tried at the next sweep');
    }
    if (erased > 0) log.info({ rooms: erased, days }, 'retention: erased ended rooms');
    return erased;
  }
}
