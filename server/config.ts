/**
 * Configuration from the environment, validated once at start with messages a person can act on.
 * Nothing reads `process.env` elsewhere: a server is an object built from a `Config`, so tests can
 * run several side by side.
 */
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_CALL_CONFIG, IceServersEnv, type CallConfig } from './call/index.js';
import { DEFAULT_RATE_LIMITS, type RateLimitOptions } from './http/rateLimits.js';
import { DEFAULT_IDLE_COLLECTION } from './memory/idleCollection.js';
import { DEFAULT_CLUSTER_TIMING, type ClusterTiming } from './scale/timing.js';
import { DURABILITY_MODES, type Durability } from './store/appendLog.js';

export interface Limits {
  /** Largest WebSocket frame; bigger ones close the connection with 1009 (memory blow-up per frame). */
  maxFrameBytes: number;
  /** JSON bodies on the HTTP API (a huge body would be parsed into memory before validation). */
  maxJsonBytes: number;
  /** A room export brought in by `POST /api/rooms/import` (a whole interview's history). */
  maxImportBytes: number;
  /** socket.io packets; the control plane carries small commands only. */
  maxSocketIoBytes: number;
  /** Messages a document connection may queue while its document loads (pre-auth/pre-load buffering). */
  maxQueuedMessages: number;
  /** Bytes of those queued frames. */
  maxQueuedBytes: number;
  /**
   * Bytes waiting to be sent to one document connection: a message that would pass it drops the
   * connection as a slow consumer (4408) instead of being queued (one message alone always goes).
   */
  maxBufferedBytes: number;
  /** …and to all document connections that fell behind, together: the memory all slow readers may hold. */
  maxTotalBufferedBytes: number;
  /** Encoded size caps per document: a pad or notes document past these refuses further edits (4413). */
  maxPadBytes: number;
  maxNotesBytes: number;
  /** Requests per client address per window (→ 429). */
  rateLimits: RateLimitOptions;
}

export interface Config {
  port: number;
  host: string | undefined;
  dataDir: string;
  /** Undefined: a random secret is generated once and kept in the data dir. */
  jwtSecret: string | undefined;
  createKey: string | undefined;
  /** Base of invite links; undefined means `http://localhost:<bound port>`. */
  publicUrl: string | undefined;
  logLevel: string;
  /** Directory with the built web client, served at `/`. */
  clientDir: string;
  inviteTtlSeconds: number;
  sessionTtlSeconds: number;
  /** How long a document stays loaded after its last connection leaves. */
  unloadGraceMs: number;
  /**
   * Log entries after which a loaded document gets a new snapshot (it gets one on unloading too):
   * bounds the tail a load replays after a crash. A snapshot encodes the whole document (≈ 6 ms for
   * a pad of 20,000 scattered edits, here) and a tail of 2,000 keystrokes adds ≈ 9 ms to a load:
   * one every 2,000 updates costs such a pad under 3 µs per edit (every 500, 11 µs).
   */
  compactEvery: number;
  /** A room with nobody connected this long is ended automatically (`DUET_IDLE_END_MS`). */
  idleEndMs: number;
  /**
   * The process gives a busy spell's garbage back after its event loop has been quiet this long;
   * 0 turns that off (`DUET_IDLE_COLLECT_MS`, see server/memory/idleCollection.ts).
   */
  idleCollectMs: number;
  /**
   * Every document connection is pinged this often, and one that has not answered by the next
   * ping is dropped: a client that vanished without closing leaves a half-open socket behind.
   */
  docPingMs: number;
  /** Extra origins allowed to open sockets, besides the public URL's and the server's own host. */
  allowedOrigins: string[];
  /** Express `trust proxy`: false unless a reverse proxy is configured (`DUET_TRUST_PROXY`). */
  trustProxy: boolean | string | number;
  /**
   * When a document update counts as stored, and may be relayed and acknowledged
   * (`DUET_DURABILITY`): `process` once written (survives a process crash), `fsync` once also
   * fdatasync'ed (survives a power loss). See server/store/appendLog.ts.
   */
  durability: Durability;
  /**
   * PostgreSQL instead of SQLite in the data dir (`DUET_DATABASE_URL`): the store several
   * processes share (server/store/pg.ts).
   */
  databaseUrl: string | undefined;
  /** The PostgreSQL schema Duet's tables live in (`DUET_DATABASE_SCHEMA`, default `public`). */
  databaseSchema: string;
  /** Redis joining several processes that share the database (`DUET_REDIS_URL`, server/scale/). */
  redisUrl: string | undefined;
  /**
   * `GET /metrics` needs `Authorization: Bearer <token>` when set (`DUET_METRICS_TOKEN`); unset, it
   * is served only to clients on this machine.
   */
  metricsToken: string | undefined;
  /**
   * Ended rooms are deleted whole this many days after they ended (`DUET_RETENTION_DAYS`);
   * undefined keeps them.
   */
  retentionDays: number | undefined;
  /** Every Redis key, channel and stream of this deployment starts with it (`DUET_REDIS_PREFIX`). */
  redisPrefix: string;
  /** Heartbeats and expiries between processes (server/scale/cluster.ts). */
  clusterTiming: ClusterTiming;
  /** Calls: ICE servers (`DUET_ICE_SERVERS`), TURN secret (`DUET_TURN_SECRET`) and credential lifetime (`DUET_TURN_TTL`). */
  call: CallConfig;
  limits: Limits;
}

export const DEFAULT_LIMITS: Limits = {
  maxFrameBytes: 4 * 1024 * 1024,
  maxJsonBytes: 256 * 1024,
  maxImportBytes: 64 * 1024 * 1024,
  maxSocketIoBytes: 64 * 1024,
  maxQueuedMessages: 1000,
  maxQueuedBytes: 16 * 1024 * 1024,
  maxBufferedBytes: 8 * 1024 * 1024,
  maxTotalBufferedBytes: 128 * 1024 * 1024,
  maxPadBytes: 16 * 1024 * 1024,
  maxNotesBytes: 4 * 1024 * 1024,
  rateLimits: DEFAULT_RATE_LIMITS,
};

/** A configured secret shorter than this is refused: HS256 with a guessable key is no signature. */
export const MIN_SECRET_LENGTH = 32;

const intFrom = (name: string, min: number, max: number) =>
  z.coerce
    .number({ error: `${name} must be a number` })
    .int(`${name} must be a whole number`)
    .min(min, `${name} must be at least ${min}`)
    .max(max, `${name} must be at most ${max}`);

const EnvSchema = z.object({
  PORT: intFrom('PORT', 0, 65535).default(3000),
  HOST: z.string().min(1).optional(),
  DUET_DATA_DIR: z.string().min(1).default('./data'),
  DUET_JWT_SECRET: z
    .string()
    .min(MIN_SECRET_LENGTH, `DUET_JWT_SECRET must be at least ${MIN_SECRET_LENGTH} characters (use e.g. \`openssl rand -base64 48\`)`)
    .refine((s) => new Set(s).size >= 10, 'DUET_JWT_SECRET is too repetitive to be a secret')
    .optional(),
  DUET_CREATE_KEY: z.string().min(1).optional(),
  DUET_PUBLIC_URL: z.url('DUET_PUBLIC_URL must be an absolute URL such as https://duet.example.com').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DUET_CLIENT_DIR: z.string().min(1).default('./dist'),
  DUET_INVITE_TTL: intFrom('DUET_INVITE_TTL', 60, 90 * 86400).default(7 * 86400),
  DUET_SESSION_TTL: intFrom('DUET_SESSION_TTL', 60, 30 * 86400).default(12 * 3600),
  DUET_UNLOAD_GRACE_MS: intFrom('DUET_UNLOAD_GRACE_MS', 0, 3_600_000).default(30_000),
  DUET_IDLE_END_MS: intFrom('DUET_IDLE_END_MS', 1, 30 * 86_400_000).default(2 * 3_600_000),
  DUET_IDLE_COLLECT_MS: intFrom('DUET_IDLE_COLLECT_MS', 0, 3_600_000).default(DEFAULT_IDLE_COLLECTION.quietMs),
  DUET_ALLOWED_ORIGINS: z.string().optional(),
  DUET_TRUST_PROXY: z.string().optional(),
  DUET_ICE_SERVERS: IceServersEnv.optional(),
  DUET_TURN_SECRET: z.string().min(16, 'DUET_TURN_SECRET must be at least 16 characters (use e.g. `openssl rand -hex 32`)').optional(),
  DUET_TURN_TTL: intFrom('DUET_TURN_TTL', 60, 86_400).default(DEFAULT_CALL_CONFIG.turnTtlSeconds),
  DUET_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DUET_DATABASE_URL must be a postgres:// URL, e.g. postgres://duet:…@db.internal:5432/duet')
    .optional(),
  DUET_DATABASE_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'DUET_DATABASE_SCHEMA must be a plain lower-case identifier').default('public'),
  DUET_REDIS_PREFIX: z.string().min(1).max(100).default('duet:'),
  DUET_REDIS_URL: z.string().regex(/^rediss?:\/\//, 'DUET_REDIS_URL must be a redis:// or rediss:// URL, e.g. redis://cache.internal:6379').optional(),
  DUET_METRICS_TOKEN: z.string().min(16, 'DUET_METRICS_TOKEN must be at least 16 characters (use e.g. `openssl rand -hex 24`)').optional(),
  DUET_RETENTION_DAYS: z.coerce
    .number({ error: 'DUET_RETENTION_DAYS must be a number of days' })
    .positive('DUET_RETENTION_DAYS must be more than 0 (leave it unset to keep ended rooms)')
    .max(36500, 'DUET_RETENTION_DAYS must be at most 36500')
    .optional(),
  DUET_DURABILITY: z.enum(DURABILITY_MODES, { error: 'DUET_DURABILITY must be "process" (the default) or "fsync"' }).default('process'),
});

/** `DUET_TRUST_PROXY`: a hop count ("1"), "true", or addresses/subnets as express understands them. */
function parseTrustProxy(value: string | undefined): boolean | string | number {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  - ${issue.path.join('.') || 'env'}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return makeConfig({
    port: e.PORT,
    host: e.HOST,
    dataDir: e.DUET_DATA_DIR,
    jwtSecret: e.DUET_JWT_SECRET,
    createKey: e.DUET_CREATE_KEY,
    publicUrl: e.DUET_PUBLIC_URL,
    logLevel: e.LOG_LEVEL,
    clientDir: e.DUET_CLIENT_DIR,
    inviteTtlSeconds: e.DUET_INVITE_TTL,
    sessionTtlSeconds: e.DUET_SESSION_TTL,
    unloadGraceMs: e.DUET_UNLOAD_GRACE_MS,
    idleEndMs: e.DUET_IDLE_END_MS,
    idleCollectMs: e.DUET_IDLE_COLLECT_MS,
    allowedOrigins: (e.DUET_ALLOWED_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean),
    trustProxy: parseTrustProxy(e.DUET_TRUST_PROXY),
    durability: e.DUET_DURABILITY,
    databaseUrl: e.DUET_DATABASE_URL,
    databaseSchema: e.DUET_DATABASE_SCHEMA,
    redisUrl: e.DUET_REDIS_URL,
    metricsToken: e.DUET_METRICS_TOKEN,
    retentionDays: e.DUET_RETENTION_DAYS,
    redisPrefix: e.DUET_REDIS_PREFIX,
    call: { iceServers: e.DUET_ICE_SERVERS ?? DEFAULT_CALL_CONFIG.iceServers, turnSecret: e.DUET_TURN_SECRET, turnTtlSeconds: e.DUET_TURN_TTL },
  });
}

type ConfigInput = Partial<Omit<Config, 'publicUrl' | 'limits'>> & { publicUrl?: string | undefined; limits?: Partial<Limits> };

/** Fills defaults; used by `loadConfig` and by tests that build a server directly. */
export function makeConfig(input: ConfigInput = {}): Config {
  const port = input.port ?? 3000;
  if (input.jwtSecret !== undefined && input.jwtSecret.length < MIN_SECRET_LENGTH) {
    throw new ConfigError(`DUET_JWT_SECRET must be at least ${MIN_SECRET_LENGTH} characters`);
  }
  if (input.databaseUrl !== undefined && input.jwtSecret === undefined) {
    // Each process would otherwise make its own secret, and reject every other one's tokens.
    throw new ConfigError('DUET_DATABASE_URL needs DUET_JWT_SECRET: every process sharing the database must sign with the same secret');
  }
  if (input.redisUrl !== undefined && input.databaseUrl === undefined) {
    throw new ConfigError('DUET_REDIS_URL joins processes that share one database: set DUET_DATABASE_URL too');
  }
  return {
    port,
    host: input.host,
    dataDir: path.resolve(input.dataDir ?? './data'),
    jwtSecret: input.jwtSecret,
    createKey: input.createKey,
    publicUrl: input.publicUrl?.replace(/\/+$/, ''),
    logLevel: input.logLevel ?? 'info',
    clientDir: path.resolve(input.clientDir ?? './dist'),
    inviteTtlSeconds: input.inviteTtlSeconds ?? 7 * 86400,
    sessionTtlSeconds: input.sessionTtlSeconds ?? 12 * 3600,
    unloadGraceMs: input.unloadGraceMs ?? 30_000,
    compactEvery: input.compactEvery ?? 2000,
    idleEndMs: input.idleEndMs ?? 2 * 3_600_000,
    idleCollectMs: input.idleCollectMs ?? DEFAULT_IDLE_COLLECTION.quietMs,
    docPingMs: input.docPingMs ?? 30_000,
    allowedOrigins: input.allowedOrigins ?? [],
    trustProxy: input.trustProxy ?? false,
    durability: input.durability ?? 'process',
    databaseUrl: input.databaseUrl,
    databaseSchema: input.databaseSchema ?? 'public',
    redisUrl: input.redisUrl,
    metricsToken: input.metricsToken,
    retentionDays: input.retentionDays,
    redisPrefix: input.redisPrefix ?? 'duet:',
    clusterTiming: input.clusterTiming ?? DEFAULT_CLUSTER_TIMING,
    call: input.call ?? DEFAULT_CALL_CONFIG,
    limits: { ...DEFAULT_LIMITS, ...input.limits },
  };
}
