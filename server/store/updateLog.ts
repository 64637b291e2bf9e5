/**
 * Document updates on their way into SQLite.
 *
 * The contract: `append` resolves with the updates' sequence numbers only once they are durable as
 * the configured `Durability` defines it (`appendLog.ts`); the document relays and acknowledges
 * nothing before that.
 *
 * Writing. The appends made while handling the messages of one event-loop turn (every socket that
 * was readable, every document they touched) are written to the append log in one write, from
 * `setImmediate` once the turn's I/O callbacks have run: a busy server reads several clients' edits
 * per turn, and a write per edit was a system call per keystroke. The relay waits only for the rest
 * of that turn. With `fsync` durability the written appends then wait for one fdatasync, started
 * on libuv's thread pool: it covers every append written before it, and appends written while it
 * runs wait for the next one. So there is at most one sync at a time, never one per update, and
 * the event loop is never blocked by one.
 *
 * Ingesting. Every `ingestEveryMs` the records move into SQLite: appends switch to the other of two
 * append-log files, and the full one is taken as *runs* — one row per document holding all of its
 * records from that file, in the append log's own checksummed format. A row per update would cost a
 * statement, a table row and an index entry per keystroke; a run costs that once for a few
 * seconds of a document's typing, and keeps every update with its time and author for replay. Runs
 * go in a few per transaction, one transaction per turn, so the event loop is never held for more
 * than a moment. Reads of the log take what SQLite does not hold yet from the append-log files, so
 * they never see less than what was acknowledged and never write; at startup, whatever the
 * append-log files hold that SQLite does not is moved in first.
 *
 * What SQLite must not lose. An append-log file is emptied only once SQLite holds all of its
 * records. With `process` durability, commits at the store's `synchronous = NORMAL` suffice: they
 * survive a process crash, as the append log does. With `fsync`, the commit after which a file is
 * emptied runs at `synchronous = FULL`; its fsync of SQLite's WAL makes that commit and every one
 * before it durable (frames already checkpointed are in the database file, synced by the
 * checkpoint), before the file is truncated. So at every moment each acknowledged update is
 * durable in the append log, in SQLite, or in both.
 */
import type Database from 'better-sqlite3';
import { decodeRecords, encodeUpdates, type AppendLog, type Durability } from './appendLog.js';
import { consumeRuns, loggedRecords, newGeneration, takeRuns, takesAll, toRuns, type Generation, type Run } from './logRuns.js';
import type { AppendDone, NewUpdate, StoredUpdate } from './types.js';

/** One `append` call waiting for the write (and, with `fsync` durability, the sync after it). */
interface PendingAppend {
  doc: string;
  updates: readonly NewUpdate[];
  done: AppendDone;
}

export interface UpdateLogOptions {
  /** How long acknowledged updates may wait in the append log before SQLite takes them. */
  ingestEveryMs: number;
  /** Runs per transaction while ingesting; each holds the event loop for well under a millisecond. */
  runsPerTurn: number;
  /** When an append counts as stored: written (`process`) or written and fdatasync'ed (`fsync`). */
  durability: Durability;
}

/** Written appends waiting for a sync: their callers, and their sequence numbers. */
interface UnsyncedAppends {
  entries: PendingAppend[];
  seqs: number[][];
}

/**
 * Tells each append its sequence numbers, or all of them `err`. A callback that throws does not
 * keep the others from being told; what it threw becomes an unhandled rejection, as it did when
 * appends were promises (the server logs those and stays up).
 */
function settleAppends({ entries, seqs }: UnsyncedAppends, err?: unknown): void {
  const failure = err === undefined ? null : err instanceof Error ? err : new Error(String(err));
  for (let i = 0; i < entries.length; i++) {
    try {
      entries[i]!.done(failure, failure ? [] : seqs[i]!);
    } catch (thrown) {
      void Promise.reject(thrown);
    }
  }
}

export class UpdateLog {
  private lastSeq: number;
  private pending: PendingAppend[] = [];
  private writeQueued = false;
  /** `fsync` durability: appends written since the running sync (if any) started. */
  private unsynced: UnsyncedAppends = { entries: [], seqs: [] };
  /** `fsync` durability: the files those appends went to (one, or two across a switch of files). */
  private readonly unsyncedFiles = new Set<AppendLog>();
  private syncQueued: NodeJS.Immediate | null = null;
  private syncRunning = false;
  /** Where appends go now. */
  private active: Generation;
  /** The previous file while SQLite takes its runs, or null. */
  private draining: Generation | null = null;
  /** The file in neither role, ready to become active; null while one is draining. */
  private spare: AppendLog | null;
  private closed = false;
  private ingestTimer: NodeJS.Timeout | null = null;
  private nextChunk: NodeJS.Immediate | null = null;
  private readonly insertRuns: (runs: readonly Run[]) => void;
  private readonly db: Database.Database;
  /** The connection's `synchronous` setting, restored after a durable commit. */
  private readonly baseSynchronous: number;
  private readonly listRuns: Database.Statement<[string, number], { records: Buffer }>;

  constructor(
    db: Database.Database,
    files: readonly [AppendLog, AppendLog],
    private readonly options: UpdateLogOptions,
  ) {
    this.db = db;
    this.baseSynchronous = db.pragma('synchronous', { simple: true }) as number;
    const insertRun = db.prepare('INSERT OR IGNORE INTO doc_update_runs (last_seq, doc, first_seq, count, records) VALUES (?, ?, ?, ?, ?)');
    // Prepared once: better-sqlite3 builds a new wrapper (with property definitions) per `transaction()` call.
    this.insertRuns = db.transaction((runs: readonly Run[]) => {
      for (const run of runs) insertRun.run(run.last, run.doc, run.first, run.count, run.records);
    });
    this.listRuns = db.prepare('SELECT records FROM doc_update_runs WHERE doc = ? AND last_seq > ? ORDER BY last_seq');
    const lastStored = db.prepare<[string], { seq: number | null }>('SELECT max(last_seq) AS seq FROM doc_update_runs WHERE doc = ?');
    // A document's runs reach SQLite whole and in order (files one after the other, a document's
    // run in one transaction), so SQLite holds a prefix of each document's records: after a crash,
    // the logged records past that prefix are the ones to move in.
    // A torn end (power loss mid-write) was never acknowledged: what comes before it is complete.
    const logged = files.flatMap((file) => file.readAll().records).sort((a, b) => a.seq - b.seq);
    const storedUpTo = new Map<string, number>();
    for (const { doc } of logged) if (!storedUpTo.has(doc)) storedUpTo.set(doc, lastStored.get(doc)?.seq ?? 0);
    this.storeRuns(toRuns(logged.filter((r) => r.seq > storedUpTo.get(r.doc)!)), true);
    for (const file of files) file.clear();
    const stored = (db.prepare('SELECT max(last_seq) AS seq FROM doc_update_runs').get() as { seq: number | null }).seq ?? 0;
    this.lastSeq = logged.reduce((max, r) => Math.max(max, r.seq), stored);
    this.active = newGeneration(files[0]);
    this.spare = files[1];
  }

  /**
   * Commits runs in one transaction. `beforeClear`: an append-log file is emptied after it, so with
   * `fsync` durability the commit must be durable too (see the top of this file).
   */
  private storeRuns(runs: readonly Run[], beforeClear: boolean): void {
    if (!beforeClear || this.options.durability === 'process') return this.insertRuns(runs);
    this.db.pragma('synchronous = FULL');
    try {
      this.insertRuns(runs);
    } finally {
      this.db.pragma(`synchronous = ${this.baseSynchronous}`);
    }
  }

  /**
   * Every appended update of a document after `afterSeq`, in order: those SQLite holds, then those
   * only the append log holds yet, read from its files. A read writes nothing, so it neither waits
   * for SQLite to take a few seconds of every document's typing nor fails while SQLite refuses.
   */
  listAfter(doc: string, afterSeq: number): StoredUpdate[] {
    // Appends waiting for this turn's write are written now: a read sees every append made so far.
    this.writeWaiting();
    const updates: StoredUpdate[] = [];
    const add = (records: Buffer): void => {
      // A run may start before `afterSeq` (a snapshot taken halfway through it).
      for (const { seq, update, author, at } of decodeRecords(records).records) {
        if (seq > afterSeq) updates.push({ seq, update, author, at });
      }
    };
    for (const { records } of this.listRuns.all(doc, afterSeq)) add(records);
    // SQLite holds a prefix of each document's records, the draining file the next ones, the
    // active file the rest.
    for (const generation of [this.draining, this.active]) {
      const logged = generation && loggedRecords(generation, doc);
      if (logged) add(logged);
    }
    return updates;
  }

  /** Appends a document's updates; resolves with their sequence numbers once they are durable. */
  append(doc: string, updates: readonly NewUpdate[]): Promise<number[]> {
    return new Promise((resolve, reject) => this.appendThen(doc, updates, (err, seqs) => (err ? reject(err) : resolve(seqs))));
  }

  /** `append` with a callback: `done` is called from the turn's write (or the sync after it). */
  appendThen(doc: string, updates: readonly NewUpdate[], done: AppendDone): void {
    this.pending.push({ doc, updates, done });
    if (!this.writeQueued) {
      this.writeQueued = true;
      setImmediate(this.writeWaiting);
    }
  }

  /** Writes every waiting append to the append log; all of them are told their numbers, or all the error. */
  private readonly writeWaiting = (): void => {
    this.writeQueued = false;
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    const file = this.active.file;
    const firstSeq = this.lastSeq + 1;
    const ends: number[] = [];
    let start: number;
    try {
      start = file.write(encodeUpdates(batch, firstSeq, ends, file.size));
    } catch (err) {
      settleAppends({ entries: batch, seqs: [] }, err);
      return;
    }
    this.lastSeq += ends.length;
    // Where each document's records are, for ingestion and reads; and each append's numbers.
    const docs = this.active.docs;
    let record = 0;
    const seqs = batch.map(({ doc, updates }) => {
      const numbers: number[] = [];
      if (updates.length === 0) return numbers;
      let spans = docs.get(doc);
      if (!spans) docs.set(doc, (spans = []));
      for (let k = 0; k < updates.length; k++, record++) {
        spans.push(record === 0 ? start : ends[record - 1]!, ends[record]!);
        numbers.push(firstSeq + record);
      }
      return numbers;
    });
    this.ingestTimer ??= setTimeout(this.startIngest, this.options.ingestEveryMs).unref();
    if (this.options.durability === 'process') return settleAppends({ entries: batch, seqs });
    this.unsynced.entries.push(...batch);
    this.unsynced.seqs.push(...seqs);
    this.unsyncedFiles.add(this.active.file);
    // Written at the end of the turn's I/O already: the sync starts now, unless one is running.
    if (!this.syncRunning && !this.syncQueued) this.syncWritten();
  };

  /** After a sync ended: the next one once this turn's I/O callbacks have run (and written their appends). */
  private queueSync(): void {
    if (!this.syncRunning && !this.syncQueued) this.syncQueued = setImmediate(this.syncWritten);
  }

  /**
   * One fdatasync for every append written since the last one started; then they resolve (or all
   * reject: the document keeps them queued and appends them again, and a Yjs update stored twice
   * changes nothing).
   */
  private readonly syncWritten = (): void => {
    this.syncQueued = null;
    const appends = this.takeUnsynced();
    const files = [...this.unsyncedFiles];
    this.unsyncedFiles.clear();
    this.syncRunning = true;
    const settle = (err?: unknown): void => {
      this.syncRunning = false;
      settleAppends(appends, err);
      if (this.unsynced.entries.length > 0 && !this.closed) this.queueSync();
    };
    Promise.all(files.map((file) => file.sync())).then(() => settle(), settle);
  };

  private takeUnsynced(): UnsyncedAppends {
    const appends = this.unsynced;
    this.unsynced = { entries: [], seqs: [] };
    return appends;
  }

  /**
   * Switches appends to the spare file and starts moving the full one into SQLite, a chunk a turn;
   * or resumes a draining file that SQLite refused before.
   */
  private readonly startIngest = (): void => {
    this.ingestTimer = null;
    if (this.closed) return;
    if (!this.draining) {
      if (!this.spare || this.active.docs.size === 0) return;
      this.draining = this.active;
      this.active = newGeneration(this.spare);
      this.spare = null;
    }
    if (!this.nextChunk) this.ingestChunk();
  };

  /** A few runs per transaction and turn: each holds the event loop for well under a millisecond. */
  private readonly ingestChunk = (): void => {
    this.nextChunk = null;
    const draining = this.draining;
    if (this.closed || !draining) return;
    try {
      const chunk = takeRuns(draining, this.options.runsPerTurn);
      // The last chunk of the file: the file is emptied after it.
      this.storeRuns(chunk, takesAll(draining, chunk));
      consumeRuns(draining, chunk);
    } catch {
      // SQLite refused (a full disk), or the file could not be read: the records stay in the
      // append log and are offered again later; reads report the error to their callers.
      this.ingestTimer ??= setTimeout(this.startIngest, this.options.ingestEveryMs).unref();
      return;
    }
    if (draining.docs.size > 0) {
      this.nextChunk = setImmediate(this.ingestChunk);
      return;
    }
    this.finishDraining(draining);
  };

  /** Every record of the draining file is in SQLite: empty it and keep it as the spare. */
  private finishDraining(draining: Generation): void {
    try {
      draining.file.clear();
    } catch {
      // Its records are in SQLite: at worst they are offered again at startup, and ignored.
    }
    this.spare = draining.file;
    this.draining = null;
    if (this.active.docs.size > 0) this.ingestTimer ??= setTimeout(this.startIngest, this.options.ingestEveryMs).unref();
  }

  /**
   * Moves everything appended so far into SQLite at once, and empties the append log: before a
   * room's rows are erased, and at close. Throws when SQLite refuses.
   */
  storeAll(): void {
    this.writeWaiting();
    if (this.draining) {
      this.storeEvery(this.draining);
      this.finishDraining(this.draining);
    }
    if (this.active.docs.size === 0) return;
    this.storeEvery(this.active);
    // Stored: forgotten before the file is emptied, so they are never taken twice.
    this.active = newGeneration(this.active.file);
    try {
      this.active.file.clear();
    } catch {
      // New appends go after them; at startup they are offered again, and ignored.
    }
  }

  /** Stores every record of a file, a run at a time; the last commit durable, as the file is emptied after it. */
  private storeEvery(generation: Generation): void {
    while (generation.docs.size > 0) {
      const runs = takeRuns(generation);
      this.storeRuns(runs, takesAll(generation, runs));
      consumeRuns(generation, runs);
    }
  }

  close(): void {
    this.storeAll();
    this.closed = true;
    if (this.ingestTimer) clearTimeout(this.ingestTimer);
    if (this.nextChunk) clearImmediate(this.nextChunk);
    this.ingestTimer = null;
    this.nextChunk = null;
    if (this.syncQueued) clearImmediate(this.syncQueued);
    this.syncQueued = null;
    // Everything written is in SQLite now, committed durably: appends still waiting for a sync are stored.
    settleAppends(this.takeUnsynced());
    this.active.file.close();
    this.spare?.close();
  }
}
