// `npm run cluster -- N`: N Duet processes on consecutive ports (from PORT, default 3000) over
// one PostgreSQL and one Redis — the machine's at 127.0.0.1:5432 and :6379 when they answer,
// otherwise ones started here (scripts/services.mjs) — with one shared JWT secret. Put a load
// balancer in front (README, "Several processes"). Ctrl-C stops them all.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureClientBuilt } from './client-build.mjs';
import { ensureServerBuilt, serverBundlePath } from './server-build.mjs';
import { ensureServices } from './services.mjs';

const root = path.resolve(import.meta.dirname, '..');
const count = Number(process.argv[2] ?? 2);
if (!Number.isInteger(count) || count < 1 || count > 64) {
  console.error('usage: npm run cluster -- N   (N processes, 1 to 64)');
  process.exit(64);
}
const basePort = Number(process.env.PORT ?? 3000);
ensureClientBuilt();
await ensureServerBuilt(root);
const services = await ensureServices();
// The machine's PostgreSQL has a `test` database; a deployment names its own in DUET_DATABASE_URL.
const env = {
  ...process.env,
  DUET_DATABASE_URL: process.env.DUET_DATABASE_URL ?? services.databaseUrl,
  DUET_REDIS_URL: process.env.DUET_REDIS_URL ?? services.redisUrl,
  // Every process must sign with the same secret; one made for this run unless given.
  DUET_JWT_SECRET: process.env.DUET_JWT_SECRET ?? randomBytes(36).toString('base64'),
};
const children = [];
for (let i = 0; i < count; i++) {
  const port = basePort + i;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `duet-cluster-${port}-`));
  const child = spawn(process.execPath, [serverBundlePath(root)], {
    cwd: root,
    env: { ...env, PORT: String(port), DUET_DATA_DIR: dataDir, DUET_PUBLIC_URL: env.DUET_PUBLIC_URL ?? `http://localhost:${basePort}` },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  children.push(child);
  child.on('exit', (code, signal) => console.error(`process on port ${port} exited (${signal ?? code})`));
}
console.log(`${count} Duet processes on ports ${basePort}–${basePort + count - 1}; Ctrl-C stops them.`);
const stop = async () => {
  for (const child of children) child.kill('SIGTERM');
  await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null)));
  await services.stop();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
