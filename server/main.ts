/**
 * `npm start` lands here: read the config, start the server, and stop cleanly on SIGTERM/SIGINT
 * (everything received is stored, sockets get 1001) within a deadline.
 */
import { createDuetServer } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './log.js';
import { DEFAULT_IDLE_COLLECTION, startIdleCollection } from './memory/idleCollection.js';
import { redactUrl } from './redactUrl.js';
import { DataDirLockedError, type Store } from './store/index.js';
import { checkRedis, RedisUnreachableError } from './scale/cluster.js';
import { DatabaseUnreachableError, PgStore } from './store/pg.js';

const SHUTDOWN_DEADLINE_MS = 8000;

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  const log = createLogger(config.logLevel);
  let store: Store | undefined;
  if (config.databaseUrl) {
    try {
      if (config.redisUrl) await checkRedis(config.redisUrl);
      store = await PgStore.connect(config.databaseUrl, { schema: config.databaseSchema });
    } catch (err) {
      if (err instanceof DatabaseUnreachableError || err instanceof RedisUnreachableError) {
        console.error(err.message);
        process.exit(69); // EX_UNAVAILABLE
      }
      throw err;
    }
  }
  let server;
  try {
    server = createDuetServer(config, { log, ...(store ? { store } : {}) });
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      console.error(err.message);
      process.exit(75); // EX_TEMPFAIL: the directory is busy
    }
    throw err;
  }
  const port = await server.listen();
  const storedIn = config.databaseUrl ? { database: redactUrl(config.databaseUrl) } : { dataDir: config.dataDir };
  log.info({ port, url: config.publicUrl ?? server.url(), ...storedIn }, 'listening');
  // Process-wide (one V8 heap), so it lives here and not in the server object tests build.
  const stopIdleCollection = startIdleCollection({ ...DEFAULT_IDLE_COLLECTION, quietMs: config.idleCollectMs }, log);

  const stop = (signal: string) => {
    log.info({ signal }, 'shutting down');
    stopIdleCollection();
    const deadline = setTimeout(() => {
      log.error('shutdown deadline passed; exiting');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS);
    deadline.unref();
    server.close().then(
      () => {
        log.info('stopped');
        process.exit(0);
      },
      (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  // A stray rejection is a bug to fix, not a reason to end every interview on this server.
  process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled rejection'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
