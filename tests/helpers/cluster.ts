/**
 * Several Duet processes for the scale-out tests: real servers over one PostgreSQL schema and one
 * Redis key prefix of the test's own (tests/helpers/services.ts). In-process servers by default
 * (each with its own store pool, Redis connections and socket.io adapter, as separate processes
 * have), or child processes where a test kills one.
 */
import { afterAll, beforeAll } from 'vitest';
import type { ClusterTiming } from '../../server/scale/timing.js';
import { PgStore } from '../../server/store/pg.js';
import { startChildServer, startServer, tempDir, TEST_SECRET, type ChildServer, type TestServer } from './server.js';
import { dropTestSchemas, TEST_DATABASE_URL, TEST_REDIS_URL, testSchema, uniqueName } from './services.js';

/** Short beats, so tests see expiry and catch-up within seconds. */
export const TEST_TIMING: ClusterTiming = { catchUpEveryMs: 1000, heartbeatMs: 500, ttlMs: 2000, gapWaitMs: 300 };

export interface ClusterSetup {
  databaseUrl: string;
  schema: string;
  redisUrl: string;
  prefix: string;
}

export function clusterSetup(redisUrl = TEST_REDIS_URL): ClusterSetup {
  return { databaseUrl: TEST_DATABASE_URL, schema: testSchema(), redisUrl, prefix: `${uniqueName('duet')}:` };
}

export async function startClusterServer(setup: ClusterSetup, timing: ClusterTiming = TEST_TIMING): Promise<TestServer> {
  const store = await PgStore.connect(setup.databaseUrl, { schema: setup.schema });
  return startServer({
    store,
    databaseUrl: setup.databaseUrl,
    databaseSchema: setup.schema,
    redisUrl: setup.redisUrl,
    redisPrefix: setup.prefix,
    clusterTiming: timing,
  });
}

export async function startClusterServers(n: number, setup = clusterSetup()): Promise<TestServer[]> {
  const servers: TestServer[] = [];
  for (let i = 0; i < n; i++) servers.push(await startClusterServer(setup));
  return servers;
}

/**
 * `n` processes of one cluster for a test file, started before its tests and closed after them
 * with whatever the tests added to `closers` (their clients), and their schemas dropped.
 */
export function useCluster(n: number): { servers: TestServer[]; closers: (() => void)[] } {
  const servers: TestServer[] = [];
  const closers: (() => void)[] = [];
  beforeAll(async () => {
    servers.push(...(await startClusterServers(n)));
  });
  afterAll(async () => {
    for (const close of closers) close();
    await Promise.all(servers.map((s) => s.close()));
    await dropTestSchemas();
  });
  return { servers, closers };
}

/** A process of the cluster as `npm start` runs it, for `kill -9`. */
export function startClusterChild(setup: ClusterSetup): Promise<ChildServer> {
  return startChildServer(tempDir(), {
    DUET_DATABASE_URL: setup.databaseUrl,
    DUET_DATABASE_SCHEMA: setup.schema,
    DUET_REDIS_URL: setup.redisUrl,
    DUET_REDIS_PREFIX: setup.prefix,
    DUET_JWT_SECRET: TEST_SECRET,
  });
}
