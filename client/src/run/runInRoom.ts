/**
 * One run from this page: asks the server to start it (the policy decides), runs it in the sandbox
 * (loaded now if this is the first run), streams its output to the room as it comes, and reports
 * its end. The engine is imported here, on demand, never in the room page's first load.
 */
import type { ErrorBody } from '../../../shared/errors.js';
import { RUN_LIMITS, type RunKind, type RunLanguage, type RunRecord } from '../../../shared/run.js';
import type { ControlSocket } from '../lib/connection.js';
import type { Sandbox } from './engine.js';
import type { RunFeed } from './feed.js';
import type { JobCase } from './sandbox/messages.js';

export interface RunRequest {
  language: RunLanguage;
  kind: RunKind;
  code: string;
  stdin: string;
  sqlSeed?: string;
  tests?: JobCase[];
  limitSec: number;
}

/** Output goes out at most this often (one message per print would hit the server's limit). */
const SEND_EVERY_MS = 60;

let engine: Promise<Sandbox> | null = null;

/** The sandbox, loading its code on first use. */
export function loadSandbox(): Promise<Sandbox> {
  engine ??= import('./engine.js').then((m) => m.sandbox());
  return engine;
}

/** Stops this page's run, if one is going (nothing to stop before the engine was ever loaded). */
export function stopRun(): void {
  void engine?.then((s) => s.stop());
}

/** Batches output into `run:output` messages: the first at once, then one per `SEND_EVERY_MS`. */
class Outbox {
  private buffer = '';
  private lastSent = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly socket: ControlSocket,
    private readonly runId: string,
  ) {}

  push(text: string): void {
    this.buffer += text;
    if (this.timer) return;
    const wait = this.lastSent + SEND_EVERY_MS - performance.now();
    if (wait <= 0) this.flush();
    else this.timer = setTimeout(() => this.flush(), wait);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.lastSent = performance.now();
    for (let i = 0; i < this.buffer.length; i += RUN_LIMITS.chunkChars) {
      this.socket.emit('run:output', { runId: this.runId, text: this.buffer.slice(i, i + RUN_LIMITS.chunkChars) }, () => undefined);
    }
    this.buffer = '';
  }
}

const unavailable = (): { ok: false; error: ErrorBody } => ({ ok: false, error: { code: 'unavailable', message: 'The server did not answer in time. Try again.' } });

export async function runInRoom(socket: ControlSocket, feed: RunFeed, request: RunRequest): Promise<ErrorBody | null> {
  const started = await socket.timeout(5000).emitWithAck('run:start', { language: request.language, kind: request.kind }).catch(unavailable);
  if (!started.ok) return started.error;
  const run: RunRecord = started.run;
  feed.local(run);
  const outbox = new Outbox(socket, run.id);
  const say = (text: string): void => {
    feed.localOutput(run.id, text);
    outbox.push(text);
  };
  let sandbox: Sandbox;
  try {
    sandbox = await loadSandbox();
  } catch {
    engine = null;
    say('The runner could not be loaded. Check your connection and try again.\n');
    outbox.flush();
    await socket.timeout(5000).emitWithAck('run:end', { runId: run.id, status: 'error', durationMs: 0 }).catch(unavailable);
    return null;
  }
  const { language, code, stdin, sqlSeed, tests } = request;
  const job = { language, code, stdin, ...(sqlSeed ? { sqlSeed } : {}), ...(tests ? { tests } : {}) };
  const outcome = await sandbox.run(job, request.limitSec * 1000, { onOutput: say });
  if (outcome.status === 'timeout') say(`\nStopped: the run went over the time limit (${request.limitSec} s).\n`);
  if (outcome.status === 'stopped') say('\nStopped.\n');
  outbox.flush();
  const ended = await socket
    .timeout(5000)
    .emitWithAck('run:end', {
      runId: run.id,
      status: outcome.status,
      durationMs: outcome.durationMs,
      truncated: outcome.truncated,
      ...(outcome.tests ? { tests: outcome.tests } : {}),
    })
    .catch(unavailable);
  if (ended.ok) feed.local(ended.run);
  return ended.ok ? null : ended.error;
}
