/**
 * Retention (`DUET_RETENTION_DAYS`): ended rooms are erased whole once they ended longer ago than
 * that. A sweep runs shortly after start and then every `everyMs`; each due room is erased through
 * the room service (its lock, its transports' documents dropped), one after the other.
 */
import type { Logger } from 'pino';

export const DAY_MS = 86_400_000;
/** How often the sweep runs: rooms are erased at most this late. */
export const RETENTION_SWEEP_MS = 3_600_000;
/** The first sweep after start: soon, but not in the middle of startup. */
const FIRST_SWEEP_MS = 5_000;

export interface RetentionOptions {
  days: number;
  everyMs?: number;
  now: () => number;
  /** Ended rooms that ended before the given time. */
  listDue: (before: number) => Promise<string[]>;
  erase: (roomId: string) => Promise<boolean>;
  log: Logger;
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
    this.running ??= this.eraseDue().finally(() => {
      this.running = null;
    });
    return this.running;
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
