/**
 * Checkpoints the SQLite write-ahead log from a worker thread.
 *
 * A checkpoint copies the pages logged in the WAL back into the database file and syncs it. Run
 * by SQLite's automatic checkpoint, it happens inside a commit on the event loop, and every relay
 * waits behind it: a checkpoint takes milliseconds, many times what relaying an edit takes, so
 * under load it would be the slowest edits' whole latency. Here a second connection, on its own
 * thread, runs PASSIVE checkpoints, which never block the writer. The price: the WAL can only
 * start over from its beginning once it is fully copied at the moment a write begins, which a
 * steady stream of commits prevents — so when the log has grown past `restartFrames`, the writer
 * copies the few frames logged during the last worker checkpoint itself (`onBacklog`), and the WAL
 * restarts. The writer's automatic checkpoint stays on as a backstop, at a larger size, should the
 * worker die.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export interface CheckpointerOptions {
  file: string;
  /** How often the worker checkpoints (it does nothing when the WAL holds nothing new). */
  everyMs: number;
  /** WAL frames after which the writer should let the log restart (see above). */
  restartFrames: number;
  /** Called on the writer's thread when the WAL has grown past `restartFrames`. */
  onBacklog: () => void;
  /** Called when the worker fails; the writer's automatic checkpoint then carries on alone. */
  onError: (err: Error) => void;
}

/** The result row of `PRAGMA wal_checkpoint`: frames in the WAL and frames copied back. */
interface CheckpointResult {
  log: number;
  checkpointed: number;
}

// Plain JavaScript run by the worker (`eval`), so it needs no TypeScript loader in its thread.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const os = require('node:os');
// Lowest priority for this thread only (Linux: a thread id given to setpriority names one thread),
// so copying pages back never takes the core from the thread that relays edits.
try {
  const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
  if (tid > 0) os.setPriority(tid, 19);
} catch {}
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 1000');
// A tick with nothing committed since a checkpoint that copied everything does nothing and wakes
// no one: an idle server does no work for its WAL. data_version changes with every commit made by
// another connection (the writer's).
let seenVersion = null;
let copiedAll = false;
const timer = setInterval(() => {
  try {
    const version = db.pragma('data_version', { simple: true });
    if (version === seenVersion && copiedAll) return;
    seenVersion = version;
    const [result] = db.pragma('wal_checkpoint(PASSIVE)');
    copiedAll = result.checkpointed >= result.log;
    parentPort.postMessage(result);
  } catch (err) {
    parentPort.postMessage({ error: String(err && err.message || err) });
  }
}, workerData.everyMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export class Checkpointer {
  private readonly worker: Worker;
  private readonly exited: Promise<void>;
  private stopped = false;
  /** Checkpoints the worker ran (read by tests). */
  checkpoints = 0;

  constructor(private readonly options: CheckpointerOptions) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, file: options.file, everyMs: options.everyMs } });
    // A background helper: it must not keep the process alive on its own.
    this.worker.unref();
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.on('message', (message: CheckpointResult | { error: string }) => {
      if ('error' in message) return this.options.onError(new Error(message.error));
      this.checkpoints++;
      if (message.log >= this.options.restartFrames) this.options.onBacklog();
    });
    this.worker.on('error', (err) => {
      if (!this.stopped) this.options.onError(err);
    });
  }

  /** Stops the worker and waits until its connection is closed. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.worker.postMessage('stop');
    await this.exited;
  }
}
