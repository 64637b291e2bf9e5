/**
 * A Duet server as an object: HTTP API, web client, document sync and control plane on one HTTP
 * server, over one store. Nothing here is global, so a test can run several side by side.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { CloseCode } from '../shared/wire.js';
import { loadOrCreateSecret, TokenService } from './auth/index.js';
import { CollabServer, DocRegistry, refuse, YJS_PATH_PREFIX } from './collab/index.js';
import type { Config } from './config.js';
import { createControlServer, SOCKET_IO_PATH, type ControlServer } from './control/index.js';
import { forbidden, notFound, type DuetError } from './errors.js';
import { createHttpApp } from './http/index.js';
import { makeOriginCheck } from './origin.js';
import { collabPadWriter as padWriter } from './collab/index.js';
import { reportRouter } from './http/report.js';
import { questionsRouter } from './http/questions.js';
import { replayRouter } from './http/replay.js';
import { exportRouter } from './http/export.js';
import { QuestionBank } from './questions/bank.js';
import { RoomService } from './rooms/index.js';
import { Cluster } from './scale/cluster.js';
import { ConfigError } from './config.js';
import { SqliteStore, type Store } from './store/index.js';
import { DuetMetrics } from './metrics/index.js';
import { RETENTION_LOCK, RetentionSweeper } from './rooms/retention.js';
import { PgStore } from './store/pg.js';

export interface DuetServer {
  readonly config: Config;
  readonly http: http.Server;
  readonly rooms: RoomService;
  readonly registry: DocRegistry;
  readonly collab: CollabServer;
  readonly io: ControlServer;
  readonly store: Store;
  readonly metrics: DuetMetrics;
  /** Erases rooms past `DUET_RETENTION_DAYS`; null when unset (rooms are kept). */
  readonly retention: RetentionSweeper | null;
  /** Several processes (`DUET_REDIS_URL`): the links to the others; null for one process. */
  readonly cluster: Cluster | null;
  /** Starts listening; resolves with the bound port. */
  listen(): Promise<number>;
  /** The base URL clients use, e.g. `http://localhost:3000`. */
  url(): string;
  /** Graceful stop: no new connections, everything stored, sockets closed with 1001. */
  close(): Promise<void>;
}

export interface DuetServerDeps {
  log: Logger;
  /** Defaults to SQLite in the data dir, which it locks (throws `DataDirLockedError` when another process has it). */
  store?: Store;
}

export function createDuetServer(config: Config, deps: DuetServerDeps): DuetServer {
  const { log } = deps;
  const store = deps.store ?? SqliteStore.openDataDir(config.dataDir, { durability: config.durability });
  const tokens = new TokenService(loadOrCreateSecret(config.dataDir, config.jwtSecret), config.sessionTtlSeconds);
  const server = http.createServer();
  let boundPort = config.port;
  const publicUrl = () => config.publicUrl ?? `http://localhost:${boundPort}`;
  const allowOrigin = makeOriginCheck(publicUrl, config.allowedOrigins);

  if (config.redisUrl && !(store instanceof PgStore)) throw new ConfigError('DUET_REDIS_URL needs the PostgreSQL store (DUET_DATABASE_URL)');
  const cluster =
    config.redisUrl && store instanceof PgStore
      ? new Cluster({ redisUrl: config.redisUrl, prefix: config.redisPrefix, log, timing: config.clusterTiming, docHeads: (docs) => store.docHeads(docs) })
      : null;
  const bank = new QuestionBank(store);
  let storeFailedAt = 0;
  // Read when scraped; `collab` and `io` exist by then.
  const metrics: DuetMetrics = new DuetMetrics({
    openRooms: async () => (await store.listOpenRoomIds()).length,
    loadedDocuments: (): number => registry.loadedCount,
    connections: (): { doc: number; control: number } => ({ doc: collab.connectionCount, control: io.engine.clientsCount }),
  });
  const registry = new DocRegistry({
    store,
    log,
    unloadGraceMs: config.unloadGraceMs,
    compactEvery: config.compactEvery,
    maxBytes: (docName) => (docName === 'pad' ? config.limits.maxPadBytes : config.limits.maxNotesBytes),
    isRoomEnded: async (roomId) => (await store.getRoom(roomId))?.status === 'ended',
    metrics,
    onStoreError: (doc, err) => {
      storeFailedAt = Date.now();
      log.error({ doc: doc.name, err: err instanceof Error ? err.message : String(err) }, 'store append failed; holding updates in memory and retrying');
    },
    fanout: cluster?.fanout,
  });
  const rooms = new RoomService({
    store,
    tokens,
    inviteTtlSeconds: config.inviteTtlSeconds,
    publicUrl,
    idleEndMs: config.idleEndMs,
    onIdleEndError: (roomId, err) => log.error({ room: roomId, err }, 'ending an idle room failed'),
    questions: bank,
    pad: padWriter(registry),
    now: Date.now,
    onErasing: async (roomId: string): Promise<void> => {
      collab.closeRoom(roomId, CloseCode.notFound, 'the room was deleted');
      io.in(`room:${roomId}`).disconnectSockets(true);
      await registry.discardRoom(roomId);
      // The disconnects' own writes (a 'leave' event per person) are under way: let them go first.
      await new Promise((resolve) => setImmediate(resolve));
    },
  });
  const collab = new CollabServer({
    rooms,
    tokens,
    registry,
    log,
    allowOrigin,
    maxFrameBytes: config.limits.maxFrameBytes,
    pingMs: config.docPingMs,
    limits: {
      maxQueuedMessages: config.limits.maxQueuedMessages,
      maxQueuedBytes: config.limits.maxQueuedBytes,
      maxBufferedBytes: config.limits.maxBufferedBytes,
      maxTotalBufferedBytes: config.limits.maxTotalBufferedBytes,
    },
    metrics,
    onDocTooLarge: (who, message) => {
      log.warn({ room: who.roomId, doc: who.docName, participant: who.participantId }, 'edit refused: document too large');
      io.to(`room:${who.roomId}`).emit('alert', {
        kind: 'doc-too-large',
        doc: who.docName,
        participant: { id: who.participantId, name: who.name },
        message,
      });
    },
  });
  const app = createHttpApp({
    rooms,
    tokens,
    store,
    log,
    createKey: config.createKey,
    clientDir: config.clientDir,
    maxJsonBytes: config.limits.maxJsonBytes,
    trustProxy: config.trustProxy,
    earlyRouters: [exportRouter({ rooms, registry, store, tokens, createKey: config.createKey, maxImportBytes: config.limits.maxImportBytes })],
    routers: [questionsRouter({ bank, rooms, tokens, createKey: config.createKey }), reportRouter({ rooms, tokens, registry, store }), replayRouter({ rooms, tokens, store })],
    rateLimits: config.limits.rateLimits,
    sharedLimits: cluster ? { redis: cluster.redis, prefix: config.redisPrefix } : undefined,
    healthy: () => !registry.storeFailing() && Date.now() - storeFailedAt > 1000,
    metrics: { metrics, token: config.metricsToken },
  });
  server.on('request', app);
  const upgradeListenersBefore = new Set(server.listeners('upgrade'));
  const io = createControlServer(server, { rooms, store, tokens, log, allowOrigin, maxPacketBytes: config.limits.maxSocketIoBytes, call: config.call, onRunFinished: (status) => metrics.runFinished(status) });
  if (cluster) cluster.attach(io, rooms, store as PgStore, config.idleEndMs);
  // engine.io answers a refused handshake with 400 whatever the reason; we take its upgrade
  // listener away and route upgrades ourselves, so another site's page gets the 403 the README
  // promises (the same answer as for /yjs) before engine.io sees the request.
  for (const listener of server.listeners('upgrade')) {
    if (!upgradeListenersBefore.has(listener)) server.off('upgrade', listener as (...args: unknown[]) => void);
  }
  // Upgrades are routed by path: ours to the document endpoint, socket.io's to engine.io once the
  // Origin is allowed, and anything else refused — an unanswered upgrade would otherwise hold its
  // socket open forever.
  const refuseUpgrade = (socket: import('node:stream').Duplex, error: DuetError) => {
    metrics.responded('ws', error.status);
    refuse(socket, error);
  };
  server.on('upgrade', (req, socket, head) => {
    const path = (req.url ?? '').split('?')[0] ?? '';
    if (path.startsWith(YJS_PATH_PREFIX)) collab.handleUpgrade(req, socket, head);
    else if (!path.startsWith(SOCKET_IO_PATH)) refuseUpgrade(socket, notFound('nothing to upgrade to here'));
    else if (!allowOrigin(req.headers.origin, req.headers.host)) refuseUpgrade(socket, forbidden('origin not allowed'));
    else io.engine.handleUpgrade(req, socket, head);
  });

  const retention =
    config.retentionDays === undefined
      ? null
      : new RetentionSweeper({
          days: config.retentionDays,
          now: Date.now,
          listDue: (before) => store.listEndedRoomIds(before),
          erase: (roomId) => rooms.erase(roomId),
          log,
          exclusive: store instanceof PgStore ? (sweep) => store.withAdvisoryLock(RETENTION_LOCK, sweep) : undefined,
        });

  let closing: Promise<void> | null = null;

  return {
    config,
    http: server,
    rooms,
    registry,
    collab,
    io,
    store,
    metrics,
    retention,
    cluster,
    listen: () =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        // A deep accept queue: a burst of connections (a class joining at once) is not dropped.
        server.listen({ port: config.port, host: config.host, backlog: 4096 }, () => {
          server.off('error', reject);
          boundPort = (server.address() as AddressInfo).port;
          // Rooms left open by an earlier run count as idle from now on. Several processes: one
          // of them at a time sweeps (server/scale/idleRunner.ts), this one only counts.
          if (!cluster) store.listOpenRoomIds().then(
            (ids) => rooms.idle.start(ids),
            (err: unknown) => log.error({ err }, 'could not list open rooms; idle rooms will not be ended'),
          );
          retention?.start();
          resolve(boundPort);
        });
      }),
    url: () => `http://localhost:${boundPort}`,
    close: () =>
      (closing ??= (async () => {
        rooms.idle.stop();
        retention?.stop();
        const docsClosed = collab.closeAll(CloseCode.goingAway, 'server shutting down');
        // io.close() disconnects every socket and closes the HTTP server (no new connections).
        const httpClosed = server.listening
          ? new Promise<void>((resolve) => server.once('close', () => resolve()))
          : Promise.resolve();
        void io.close();
        server.closeAllConnections();
        await httpClosed;
        // Every document socket has ended (a silent client within 2 s): what they sent is applied.
        await docsClosed;
        await registry.unloadAll();
        await cluster?.close();
        await store.close();
      })()),
  };
}
