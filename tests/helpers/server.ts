/**
 * Real servers for tests: in-process on an ephemeral port with a temp data dir, or as a child
 * process (for restarts and `kill -9`). Every log line a test server writes is also appended to
 * `artifacts/test-logs/`, so a test can check that no token ever reached a log.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createDuetServer, type DuetServer } from '../../server/app.js';
import { makeConfig, type Config } from '../../server/config.js';
import { createLogger } from '../../server/log.js';
import { ensureServerBuilt, serverBundlePath } from '../../scripts/server-build.mjs';
import type { Store } from '../../server/store/index.js';
import { afterAll, beforeAll } from 'vitest';
import type { ControlSocket } from './clients.js';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const LOG_DIR = path.join(ROOT, 'artifacts', 'test-logs');
/** Every token and invite the tests were handed, for the final log scan. */
export const SECRETS_DIR = path.join(ROOT, 'artifacts', 'test-secrets');

export function recordSecret(...secrets: string[]): void {
  fs.mkdirSync(SECRETS_DIR, { recursive: true });
  fs.appendFileSync(path.join(SECRETS_DIR, `${process.pid}.txt`), secrets.map((s) => s + '\n').join(''));
}
export const TEST_SECRET = 'test-secret-0123456789-abcdefghijklmnopqrstuvwxyz';

/** Directories this test process made; removed when it exits (a full suite makes ~300 MB of them). */
const madeDirs: string[] = [];
process.once('exit', () => {
  for (const dir of madeDirs) fs.rmSync(dir, { recursive: true, force: true });
});

export function tempDir(prefix = 'duet-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  madeDirs.push(dir);
  return dir;
}

function suiteLogFile(): string {
  fs.mkdirSync(LOG_DIR, { recursive: true });
  return path.join(LOG_DIR, `${process.pid}.log`);
}

export interface TestServer {
  url: string;
  wsUrl: string;
  port: number;
  dataDir: string;
  server: DuetServer;
  /** Log lines this server wrote, as parsed JSON. */
  logs: Record<string, unknown>[];
  close(): Promise<void>;
}

export type TestServerOptions = Partial<Omit<Config, 'limits'>> & { limits?: Partial<Config['limits']>; store?: Store };

/**
 * One server for a test file: started before its tests and closed after them, together with every
 * control socket the tests put in `sockets`. `server`'s fields are there once the tests run.
 */
export function useServer(options: TestServerOptions = {}): { server: TestServer; sockets: ControlSocket[] } {
  const server = {} as TestServer;
  const sockets: ControlSocket[] = [];
  beforeAll(async () => {
    Object.assign(server, await startServer(options));
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await server.close();
  });
  return { server, sockets };
}

export async function startServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? tempDir();
  const logs: Record<string, unknown>[] = [];
  const file = suiteLogFile();
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      const text = chunk.toString();
      fs.appendFileSync(file, text);
      for (const line of text.split('\n')) if (line.trim()) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const { store, ...configOptions } = options;
  const config = makeConfig({
    port: 0,
    host: '127.0.0.1',
    logLevel: 'info',
    clientDir: path.join(ROOT, 'dist'),
    unloadGraceMs: 200,
    jwtSecret: TEST_SECRET,
    ...configOptions,
    dataDir,
  });
  const log = createLogger(config.logLevel, sink);
  const server = createDuetServer(config, store ? { log, store } : { log });
  const port = await server.listen();
  return {
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    port,
    dataDir,
    server,
    logs,
    close: () => server.close(),
  };
}

export interface ChildServer {
  url: string;
  wsUrl: string;
  port: number;
  proc: ChildProcess;
  /** Resolves with the exit code (or signal) once the process has exited. */
  exited: Promise<number | NodeJS.Signals | null>;
  output: () => string;
}

/** Runs the server bundle in its own process, as `npm start` does (minus the client build). */
export async function startChildServer(dataDir: string, env: Record<string, string> = {}, nodeArgs: string[] = []): Promise<ChildServer> {
  await ensureServerBuilt(ROOT);
  const proc = spawn(process.execPath, [...nodeArgs, serverBundlePath(ROOT)], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DUET_DATA_DIR: dataDir,
      DUET_UNLOAD_GRACE_MS: '200',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const file = suiteLogFile();
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) =>
    proc.on('exit', (code, signal) => resolve(signal ?? code)),
  );
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      output += text;
      fs.appendFileSync(file, text);
      const match = /"port":(\d+)[^\n]*"msg":"listening"/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before listening:\n${output}`));
    });
  });
  return { url: `http://127.0.0.1:${port}`, wsUrl: `ws://127.0.0.1:${port}`, port, proc, exited, output: () => output };
}

export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
