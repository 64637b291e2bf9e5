/**
 * Presence and room activity shared through Redis.
 *
 * Presence: a hash per room, one field per process with who is online through that process's
 * connections and until when that claim holds. Each process renews its claims every
 * `heartbeatMs`; a claim not renewed within `ttlMs` (its process died) no longer counts, and the
 * processes that notice remove it and announce the room's presence again.
 *
 * Activity: a key per room with anyone connected to some process, renewed on the same beat and
 * expiring after `ttlMs`. The idle sweeper (`idleRunner.ts`) ends rooms whose key is gone.
 */
import type { ChainableCommander, Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { SharedPresence } from '../rooms/service.js';

export interface RedisPresenceOptions {
  redis: Redis;
  prefix: string;
  /** This process's id (hex). */
  processId: string;
  log: Logger;
  heartbeatMs: number;
  ttlMs: number;
  /** Rooms with connections on this process now (socket.io or documents). */
  activeRooms: () => Iterable<string>;
  /** A room's presence changed because another process's claim expired. */
  onExpired: (roomId: string) => void;
}

/** Commands per room in a beat: the claim (HSET, PEXPIRE), then the claims read back (HGETALL). */
const CLAIM_COMMANDS = 3;

interface Claim {
  ids: string[];
  until: number;
}

export class RedisPresence implements SharedPresence {
  /** Who is online through this process, per room (only rooms with someone). */
  private readonly local = new Map<string, Set<string>>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly options: RedisPresenceOptions) {
    this.timer = setInterval(() => void this.beat(), options.heartbeatMs);
    this.timer.unref();
  }

  private key(roomId: string): string {
    return `${this.options.prefix}presence:${roomId}`;
  }

  activityKey(roomId: string): string {
    return `${this.options.prefix}active:${roomId}`;
  }

  /**
   * Records who is online through this process; resolves with who was online through the others
   * at that moment. Reading the others' claims and writing ours is one transaction in Redis, so
   * of two processes recording one person at once, exactly one sees the other.
   */
  async changed(roomId: string, localOnline: Set<string>): Promise<Set<string>> {
    if (localOnline.size === 0) this.local.delete(roomId);
    else this.local.set(roomId, new Set(localOnline));
    try {
      return await this.write(roomId, localOnline);
    } catch (err) {
      this.options.log.warn({ err, room: roomId }, 'presence write failed');
      return new Set();
    }
  }

  /** Writes this process's claim (none when nobody is online here); returns who the others' claims hold. */
  private async write(roomId: string, online: Set<string>): Promise<Set<string>> {
    const { redis, processId } = this.options;
    const key = this.key(roomId);
    const multi = redis.multi().hgetall(key);
    if (online.size === 0) multi.hdel(key, processId);
    else this.claim(multi, roomId, online);
    const [read] = (await multi.exec()) ?? [];
    if (!read || read[0]) throw read?.[0] ?? new Error('presence transaction discarded');
    return this.othersOnline(read[1] as Record<string, string>);
  }

  /** Queues this process's claim on `roomId`: HSET and PEXPIRE. */
  private claim(chain: ChainableCommander, roomId: string, online: Set<string>): ChainableCommander {
    const key = this.key(roomId);
    const claim: Claim = { ids: [...online], until: Date.now() + this.options.ttlMs };
    return chain.hset(key, this.options.processId, JSON.stringify(claim)).pexpire(key, this.options.ttlMs * 4);
  }

  async online(roomId: string, localOnline: Set<string>): Promise<Set<string>> {
    let claims: Record<string, string>;
    try {
      claims = await this.options.redis.hgetall(this.key(roomId));
    } catch (err) {
      // Redis is away: what this process knows is still right for its own connections.
      this.options.log.warn({ err, room: roomId }, 'presence read failed');
      return new Set(localOnline);
    }
    return new Set([...localOnline, ...this.othersOnline(claims)]);
  }

  /** Who the other processes' claims still in force hold. */
  private othersOnline(claims: Record<string, string>): Set<string> {
    const online = new Set<string>();
    const now = Date.now();
    for (const [process, json] of Object.entries(claims)) {
      if (process === this.options.processId) continue;
      const claim = JSON.parse(json) as Claim;
      if (claim.until >= now) for (const id of claim.ids) online.add(id);
    }
    return online;
  }

  /**
   * Renews this process's claims and activity, and clears other processes' expired claims: one
   * round trip for every room (a beat per room, one after the other, cost a wake-up of Redis and
   * of this process per room).
   */
  private async beat(): Promise<void> {
    const { redis, ttlMs } = this.options;
    try {
      const pipeline = redis.pipeline();
      for (const roomId of this.options.activeRooms()) pipeline.set(this.activityKey(roomId), '1', 'PX', ttlMs);
      const first = pipeline.length;
      const rooms = [...this.local.entries()];
      for (const [roomId, online] of rooms) this.claim(pipeline, roomId, online).hgetall(this.key(roomId));
      const replies = (await pipeline.exec()) ?? [];
      const now = Date.now();
      for (const [i, [roomId]] of rooms.entries()) {
        const [err, claims] = replies[first + i * CLAIM_COMMANDS + CLAIM_COMMANDS - 1] ?? [new Error('no reply')];
        if (err) continue;
        const expired = Object.entries(claims as Record<string, string>).filter(([, json]) => (JSON.parse(json) as Claim).until < now);
        if (expired.length === 0) continue;
        await redis.hdel(this.key(roomId), ...expired.map(([process]) => process));
        this.options.onExpired(roomId);
      }
    } catch (err) {
      this.options.log.warn({ err }, 'presence heartbeat failed');
    }
  }

  /** Marks a room active at once (someone just connected), before the next beat. */
  touch(roomId: string): void {
    this.options.redis.set(this.activityKey(roomId), '1', 'PX', this.options.ttlMs).catch(() => {});
  }

  /** Withdraws this process's claims (a clean shutdown). */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await Promise.all([...this.local.keys()].map((roomId) => this.options.redis.hdel(this.key(roomId), this.options.processId).catch(() => {})));
    this.local.clear();
  }
}
