/**
 * Several Duet processes serving the same rooms (`DUET_REDIS_URL`, with the PostgreSQL store).
 * Any process serves any room; what ties a room together goes through Redis:
 *
 * - socket.io's rooms span the processes through `@socket.io/redis-streams-adapter` (a stream
 *   survives Redis reconnects: a process reads on from where it was). Broadcasts to a room's
 *   channel (calls, runs, alerts) reach its sockets on every process.
 * - Room changes (clock, agenda, reveals, swaps, the end) are stored by version-checked updates
 *   and announced on every process in version order (`roomFeed.ts`), each process to its own
 *   sockets and document connections — so interviewer-only guidance is sent by each process to
 *   its own interviewer sockets, checked against the room there.
 * - Document updates, once durable in the database, fan out over pub/sub (`docRelay.ts`); a
 *   gap or a lost message is filled from the database.
 * - Cursors (awareness) over pub/sub with expiry (`awarenessRelay.ts`); presence and room
 *   activity as expiring claims (`presence.ts`); the idle sweep by one process at a time
 *   (`idleRunner.ts`); rate limits in Redis (http/rateLimits.ts).
 */
import { randomBytes } from 'node:crypto';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Server } from 'socket.io';
import type { RegistryFanout } from '../collab/registry.js';
import type { RoomService } from '../rooms/index.js';
import type { PgStore } from '../store/pg.js';
import { redactUrl } from '../redactUrl.js';
import { AwarenessRelay } from './awarenessRelay.js';
import { DocRelay } from './docRelay.js';
import { IdleRunner } from './idleRunner.js';
import { RedisPresence } from './presence.js';
import { RoomFeed, type RoomChange } from './roomFeed.js';

import type { ClusterTiming } from './timing.js';

/** Thrown at start when Redis does not answer; names the URL without its password. */
export class RedisUnreachableError extends Error {}

/** Resolves once Redis answers a PING, or throws `RedisUnreachableError` after `timeoutMs`. */
export async function checkRedis(url: string, timeoutMs = 5000): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => {});
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    throw new RedisUnreachableError(`cannot reach Redis at ${redactUrl(url)}: ${(err as Error).message}`);
  } finally {
    redis.disconnect();
  }
}

const ROOM_CHANGE = 'duet:room-change';
/**
 * Room events emitted outside the version-ordered room changes (someone came or went, an
 * interviewer acted on a person): passed on as they are, each process acting on its own sockets.
 */
const DIRECT_EVENTS = ['presence', 'person'] as const;

export interface ClusterOptions {
  redisUrl: string;
  /** Keys, channels and streams of this deployment start with it (tests give each their own). */
  prefix: string;
  log: Logger;
  timing: ClusterTiming;
  /** The store's last number of each document named (PgStore.docHeads). */
  docHeads: (docs: readonly string[]) => Promise<Map<string, number>>;
}

export class Cluster {
  readonly processId = randomBytes(16);
  readonly docs: DocRelay;
  readonly awareness: AwarenessRelay;
  /** Commands (publish, keys, the adapter's stream writes). */
  readonly redis: Redis;
  private readonly docSub: Redis;
  private readonly clients: Redis[];
  private feed: RoomFeed | null = null;
  private presence: RedisPresence | null = null;
  private idle: IdleRunner | null = null;
  private checkTimer: NodeJS.Timeout | null = null;
  private closed = false;
  /** What the document registry tells the other processes through. */
  readonly fanout: RegistryFanout = {
    loaded: (doc) => {
      this.docs.loaded(doc);
      this.awareness.loaded(doc);
    },
    unloaded: (doc) => {
      this.docs.unloaded(doc);
      this.awareness.unloaded(doc);
    },
    stored: (doc, seqs, updates) => this.docs.stored(doc, seqs, updates),
    awareness: (doc, changes) => this.awareness.changed(doc, changes),
  };

  constructor(private readonly options: ClusterOptions) {
    const connect = (enableAutoPipelining = false) => {
      const client = new Redis(options.redisUrl, { maxRetriesPerRequest: null, enableAutoPipelining });
      // ioredis reconnects by itself; an outage is logged once per connection, not thrown.
      let down = false;
      client.on('error', (err: Error) => {
        if (!down) options.log.warn({ err: err.message, redis: redactUrl(options.redisUrl) }, 'redis connection lost; reconnecting');
        down = true;
      });
      client.on('ready', () => (down = false));
      return client;
    };
    // Auto-pipelined: the publishes of one turn (every document stored by one append group) leave
    // in one write. Nothing blocking runs on this connection.
    this.redis = connect(true);
    this.docSub = connect();
    const awarenessSub = connect();
    this.clients = [this.redis, this.docSub, awarenessSub];
    const { prefix, log, timing } = options;
    this.docs = new DocRelay({ pub: this.redis, sub: this.docSub, prefix, processId: this.processId, log, catchUpEveryMs: timing.catchUpEveryMs, heads: options.docHeads });
    this.awareness = new AwarenessRelay({ pub: this.redis, sub: awarenessSub, prefix, processId: this.processId.toString('hex'), heartbeatMs: timing.heartbeatMs, ttlMs: timing.ttlMs });
  }

  /** Joins the control plane and the room domain of this process to the others. */
  attach(io: Server, rooms: RoomService, store: PgStore, idleMs: number): void {
    const { prefix, log, timing } = this.options;
    // The adapter's duplicates of it block on XREAD: no auto-pipelining there.
    const adapterClient = this.redis.duplicate({ enableAutoPipelining: false });
    adapterClient.on('error', () => {});
    this.clients.push(adapterClient);
    io.adapter(createAdapter(adapterClient, { streamName: `${prefix}socket.io`, channelPrefix: `${prefix}socket.io` }));
    // Only to the other processes; this process announces its own changes itself.
    const toOthers = (event: string, payload: unknown) => {
      // Closing: the sockets' disconnects still announce presence, to nobody.
      if (this.closed) return;
      try {
        io.serverSideEmit(event, payload);
      } catch (err) {
        log.warn({ err, event }, 'sending to the other processes failed');
      }
    };
    this.feed = new RoomFeed({ events: rooms, store, log, send: (change) => toOthers(ROOM_CHANGE, change), gapWaitMs: timing.gapWaitMs });
    const feed = this.feed;
    io.on(ROOM_CHANGE, (change: RoomChange) => feed.received(change));
    let fromElsewhere = false;
    for (const name of DIRECT_EVENTS) {
      const wire = `duet:${name}`;
      io.on(wire, (args: unknown[]) => {
        fromElsewhere = true;
        try {
          (rooms.emit as (event: string, ...a: unknown[]) => boolean)(name, ...args);
        } finally {
          fromElsewhere = false;
        }
      });
      (rooms.on as (event: string, listener: (...a: unknown[]) => void) => unknown)(name, (...args: unknown[]) => {
        if (!fromElsewhere) toOthers(wire, args);
      });
    }
    this.presence = new RedisPresence({
      redis: this.redis,
      prefix,
      processId: this.processId.toString('hex'),
      log,
      heartbeatMs: timing.heartbeatMs,
      ttlMs: timing.ttlMs,
      activeRooms: () => rooms.idle.connectedRooms(),
      onExpired: (roomId) => rooms.emit('presence', roomId),
    });
    const presence = this.presence;
    rooms.idle.onEnter = (roomId) => {
      presence.touch(roomId);
      void feed.watch(roomId);
    };
    rooms.joinCluster(feed.announcer, presence);
    this.idle = new IdleRunner({
      store,
      redis: this.redis,
      prefix,
      log,
      idleMs,
      activityKey: (roomId) => presence.activityKey(roomId),
      end: (roomId) => rooms.commands.endAbandoned(roomId),
      now: rooms.now,
    });
    this.checkTimer = setInterval(() => void feed.check(new Set(rooms.idle.connectedRooms())), timing.catchUpEveryMs);
    this.checkTimer.unref();
  }

  /** Sweeps idle rooms now (tests). */
  sweepIdle(): Promise<void> {
    return this.idle?.sweep() ?? Promise.resolve();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.checkTimer) clearInterval(this.checkTimer);
    this.idle?.stop();
    this.feed?.close();
    this.docs.close();
    this.awareness.close();
    await this.presence?.close();
    // QUIT after the replies still due, rather than dropping the connection under them.
    await Promise.all(this.clients.map((client) => client.quit().catch(() => client.disconnect())));
  }
}
