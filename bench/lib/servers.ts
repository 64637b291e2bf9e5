/**
 * The two servers under test, each a child process (pinned with taskset when possible), behind
 * one interface: start, health, create a room with N client URLs, sample /proc, restart, stop.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { ensureServerBuilt, serverBundlePath } from '../../scripts/server-build.mjs';
import { docAddress } from './client.js';
import { sampleProc, type ProcSample } from './proc.js';
import { sleep } from './stats.js';

/** `duet-fsync`: Duet with `DUET_DURABILITY=fsync`, measured beside the default (`duet`). */
export type ServerKind = 'duet' | 'duet-fsync' | 'ref';
export const SERVER_KINDS: readonly ServerKind[] = ['duet', 'duet-fsync', 'ref'];
export const SERVER_LABEL: Record<ServerKind, string> = { duet: 'Duet', 'duet-fsync': 'Duet fsync', ref: 'reference' };
export const isDuet = (kind: ServerKind): boolean => kind !== 'ref';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface RoomAccess {
  id: string;
  /** One document WebSocket URL per client, each with its own credentials. */
  urls: string[];
  /** Loopback source address of the room's people (see `personAddress`). */
  localAddress: string;
}

let personCounter = 0;

/**
 * A loopback source address per simulated room: real people arrive from different addresses, and
 * Duet's per-address rate limits (60 rooms per 10 min) are meant for one abuser, not for 500
 * separate interviews. Linux routes all of 127.0.0.0/8 to `lo`.
 */
export function personAddress(): string {
  const i = personCounter++ % 1_000_000;
  return `127.${10 + Math.floor(i / 62_500)}.${Math.floor(i / 250) % 250}.${(i % 250) + 1}`;
}

export interface ServerOptions {
  /** CPU list for taskset (e.g. "0"), or null to leave the scheduler alone. */
  cpus: string | null;
  /** Scheduling priority (nice) for the server, e.g. -10; null leaves it alone. */
  nice?: number | null;
  /** Directory for `--cpu-prof` output, or null. */
  cpuProfDir?: string | null;
  /** Print the server's stderr/stdout (debugging). */
  verbose?: boolean;
  /**
   * Checkout to run Duet from (default: this repo). Lets a run use a frozen copy of the server,
   * e.g. `git archive HEAD server shared package.json | tar -x -C DIR` plus a `node_modules` link,
   * while someone edits the working tree.
   */
  duetDir?: string | null;
  /**
   * Open the V8 inspector on loopback, so that `collectGarbage()` can ask for a full collection
   * (memory scenarios only; the CPU scenarios run without it).
   */
  inspect?: boolean;
}

export function tasksetAvailable(): boolean {
  try {
    execFileSync('taskset', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export class ServerProcess {
  private child: ChildProcess | null = null;
  private output = '';
  port = 0;
  private inspectPort = 0;
  private roomCounter = 0;
  readonly dataDir: string;

  private constructor(readonly kind: ServerKind, private readonly opts: ServerOptions) {
    this.dataDir = mkdtempSync(path.join(os.tmpdir(), `duet-bench-${kind}-`));
  }

  static async start(kind: ServerKind, opts: ServerOptions): Promise<ServerProcess> {
    const s = new ServerProcess(kind, opts);
    s.port = await freePort();
    if (opts.inspect) s.inspectPort = await freePort();
    await s.spawn();
    return s;
  }

  get pid(): number {
    const pid = this.child?.pid;
    if (pid === undefined) throw new Error(`${this.kind} server is not running`);
    return pid;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  sample(): ProcSample {
    return sampleProc(this.pid);
  }

  private async spawn(): Promise<void> {
    // Both run as plain JavaScript, without a TypeScript loader in the process: Duet as the bundle
    // `npm start` runs (built from the checkout being measured), the reference as it is.
    const cwd = isDuet(this.kind) && this.opts.duetDir ? path.resolve(this.opts.duetDir) : REPO_ROOT;
    if (isDuet(this.kind)) await ensureServerBuilt(cwd);
    const entry = isDuet(this.kind) ? serverBundlePath(cwd) : path.join(REPO_ROOT, 'bench', 'reference-server.mjs');
    if (!existsSync(entry)) throw new Error(`${entry} does not exist`);
    const nodeArgs: string[] = [];
    if (this.inspectPort) nodeArgs.push(`--inspect=127.0.0.1:${this.inspectPort}`);
    if (this.opts.cpuProfDir) nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${this.opts.cpuProfDir}`);
    nodeArgs.push(entry);
    const [cmd, args] = this.opts.cpus
      ? ['taskset', ['-c', this.opts.cpus, process.execPath, ...nodeArgs]]
      : [process.execPath, nodeArgs];
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(this.port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
    };
    if (isDuet(this.kind)) {
      // `duet` inherits the harness's DUET_DURABILITY (unset: the default, process).
      if (this.kind === 'duet-fsync') env['DUET_DURABILITY'] = 'fsync';
      env['DUET_DATA_DIR'] = this.dataDir;
      env['DUET_JWT_SECRET'] = secret;
    }
    // taskset execs node, so the child's pid is the server's own pid.
    const child = spawn(cmd, args as string[], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.output = '';
    const keep = (b: Buffer): void => {
      this.output = (this.output + b.toString()).slice(-8000);
      if (this.opts.verbose) process.stderr.write(`[${this.kind}] ${b.toString()}`);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    if (this.opts.nice != null && child.pid !== undefined) os.setPriority(child.pid, this.opts.nice);
    await this.waitHealthy(child);
  }

  private async waitHealthy(child: ChildProcess): Promise<void> {
    const until = performance.now() + 30_000;
    while (performance.now() < until) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`${this.kind} server exited (${child.exitCode ?? child.signalCode}):\n${this.output}`);
      }
      try {
        const res = await fetch(`${this.baseUrl}/healthz`, { signal: AbortSignal.timeout(1000) });
        if (res.status === 200) return;
      } catch {
        // not listening yet
      }
      await sleep(50);
    }
    throw new Error(`${this.kind} server: /healthz did not answer 200 within 30 s:\n${this.output}`);
  }

  /**
   * A full, memory-reducing garbage collection in the server (the inspector's
   * `HeapProfiler.collectGarbage`, what V8 does on a low-memory notification). Idle V8 gives back
   * a burst's garbage in steps whose timing varies by tens of seconds; collecting first makes an
   * RSS reading count what the server holds, not where it is in those steps.
   */
  async collectGarbage(): Promise<void> {
    await this.inspector('HeapProfiler.collectGarbage');
  }

  /**
   * The size of V8's young generation (both semi-spaces, as committed). It grows with what
   * survives scavenges in a burst, up to 2 × `--max-semi-space-size` (2 × 16 MB by default), and
   * shrinks only at a later full collection; idle, that can take long. So it is part of RSS that
   * does not scale with rooms.
   */
  youngGenerationBytes(): Promise<number> {
    return this.evaluateNumber(
      "process.getBuiltinModule('v8').getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.physical_space_size ?? 0",
    );
  }

  /** Bytes of live objects in V8's heap (`heapUsed`): the JavaScript part of what the server holds. */
  heapUsedBytes(): Promise<number> {
    return this.evaluateNumber('process.memoryUsage().heapUsed');
  }

  private async evaluateNumber(expression: string): Promise<number> {
    const reply = (await this.inspector('Runtime.evaluate', { expression, returnByValue: true })) as { result: { value: number } };
    return reply.result.value;
  }

  /** One call over the server's V8 inspector (started with `inspect: true`); resolves to its result. */
  private async inspector(method: string, params: Record<string, unknown> = {}): Promise<unknown> {
    if (!this.inspectPort) throw new Error(`${method} needs the server started with inspect: true`);
    const targets = (await (await fetch(`http://127.0.0.1:${this.inspectPort}/json/list`)).json()) as { webSocketDebuggerUrl: string }[];
    const url = targets[0]?.webSocketDebuggerUrl;
    if (!url) throw new Error(`${this.kind} server: no inspector target`);
    const socket = new WebSocket(url);
    try {
      return await new Promise<unknown>((resolve, reject) => {
        socket.once('open', () => socket.send(JSON.stringify({ id: 1, method, params })));
        socket.on('message', (data) => {
          const reply = JSON.parse(String(data)) as { id?: number; result?: unknown; error?: { message: string } };
          if (reply.id !== 1) return;
          if (reply.error) reject(new Error(`${method}: ${reply.error.message}`));
          else resolve(reply.result);
        });
        socket.once('error', reject);
        socket.once('close', () => reject(new Error(`inspector closed before ${method} answered`)));
      });
    } finally {
      socket.close();
    }
  }

  /** SIGTERM (graceful: the server flushes and exits), SIGKILL after 10 s. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  /** Kill and start again on the same port and data directory. */
  async restart(): Promise<void> {
    await this.stop();
    await this.spawn();
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  get lastOutput(): string {
    return this.output;
  }

  /** A room with `clients` credentials, obtained the way real users get them. */
  async createRoom(clients: number): Promise<RoomAccess> {
    const localAddress = personAddress();
    if (this.kind === 'ref') {
      const id = `room-${++this.roomCounter}-${randomBytes(3).toString('hex')}`;
      return { id, urls: Array.from({ length: clients }, () => `ws://127.0.0.1:${this.port}/${id}`), localAddress };
    }
    const created = (await this.post('/api/rooms', {}, localAddress)) as {
      room: { id: string };
      hostToken: string;
      invites: Record<'candidate' | 'interviewer' | 'observer', { token: string }>;
    };
    const id = created.room.id;
    const tokens = [created.hostToken];
    for (let i = 1; i < clients; i++) {
      // The second person is the candidate; any further ones join as interviewers.
      const invite = i === 1 ? created.invites.candidate.token : created.invites.interviewer.token;
      const joined = (await this.post(`/api/rooms/${id}/join`, { invite, name: `bench ${i}` }, localAddress)) as { token: string };
      tokens.push(joined.token);
    }
    return { id, urls: tokens.map((t) => this.duetDocUrl(id, t)), localAddress };
  }

  duetDocUrl(roomId: string, token: string): string {
    return docAddress(`ws://127.0.0.1:${this.port}/yjs/${roomId}/pad`, encodeURIComponent(token));
  }

  private post(urlPath: string, body: unknown, localAddress: string): Promise<unknown> {
    const payload = JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port: this.port,
          path: urlPath,
          method: 'POST',
          localAddress,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString();
            const status = res.statusCode ?? 0;
            if (status < 200 || status >= 300) reject(new Error(`POST ${urlPath}: HTTP ${status} ${text.slice(0, 300)}`));
            else resolve(JSON.parse(text) as unknown);
          });
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }
}

const secret = randomBytes(36).toString('base64url');

/** Runs `fn` over `items` with at most `limit` in flight. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T, i);
    }
  });
  await Promise.all(workers);
  return out;
}
