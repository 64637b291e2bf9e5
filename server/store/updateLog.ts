/**
 * Document updates on their way into SQLite.
 *
 * Every `append` of one event-loop turn, from every document, is written to the append log in one
 * write at the end of the turn, and each promise resolves only after that write: nothing is
 * relayed or acknowledged before it is durable. The records then move into `doc_updates` in bulk,
 * every `ingestEveryMs`, and before any read of the log — so readers never see less than what was
 * acknowledged. At startup, whatever the append log holds beyond `doc_updates` is moved in first.
 */
import type Database from 'better-sqlite3';
import type { AppendLog, AppendLogRecord } from './appendLog.js';
import type { NewUpdate } from './types.js';

/** One `append` call waiting for the end of the event-loop turn. */
interface PendingAppend {
  doc: string;
  updates: readonly NewUpdate[];
  resolve: (seqs: number[]) => void;
  reject: (err: unknown) => void;
}

export interface UpdateLogOptions {
  /** How long acknowledged updates may wait in the append log before SQLite takes them. */
  ingestEveryMs: number;
}

export class UpdateLog {
  /** What startup found in the append log: records moved into SQLite, and whether its end was torn. */
  readonly recovered: { records: number; torn: boolean };
  private lastSeq: number;
  private pending: PendingAppend[] = [];
  private turnEnd: NodeJS.Immediate | null = null;
  /** In the append log and acknowledged, not yet in SQLite; oldest first. */
  private unstored: AppendLogRecord[] = [];
  private ingestTimer: NodeJS.Timeout | null = null;
  private readonly insertAll: (records: readonly AppendLogRecord[]) => void;

  constructor(
    db: Database.Database,
    private readonly file: AppendLog,
    private readonly options: UpdateLogOptions,
  ) {
    const insert = db.prepare('INSERT INTO doc_updates (seq, doc, update_data, author, at) VALUES (?, ?, ?, ?, ?)');
    // Prepared once: better-sqlite3 builds a new wrapper (with property definitions) per `transaction()` call.
    this.insertAll = db.transaction((records: readonly AppendLogRecord[]) => {
      for (const r of records) insert.run(r.seq, r.doc, r.update, r.author, r.at);
    });
    const stored = (db.prepare('SELECT max(seq) AS seq FROM doc_updates').get() as { seq: number | null }).seq ?? 0;
    const { records, torn } = file.readAll();
    // A crash between a bulk insert and clearing the file leaves records that are already stored.
    const missing = records.filter((r) => r.seq > stored);
    this.insertAll(missing);
    file.clear();
    this.recovered = { records: missing.length, torn };
    this.lastSeq = records.reduce((max, r) => Math.max(max, r.seq), stored);
  }

  /** Appends a document's updates; resolves with their sequence numbers once they are durable. */
  append(doc: string, updates: readonly NewUpdate[]): Promise<number[]> {
    return new Promise((resolve, reject) => {
      this.pending.push({ doc, updates, resolve, reject });
      this.turnEnd ??= setImmediate(this.writeTurn);
    });
  }

  /** Writes every append of this turn to the append log; all of them resolve, or all reject. */
  private readonly writeTurn = (): void => {
    if (this.turnEnd) clearImmediate(this.turnEnd);
    this.turnEnd = null;
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    const firstSeq = this.lastSeq + 1;
    const records: AppendLogRecord[] = [];
    const seqs = batch.map(({ doc, updates }) =>
      updates.map(({ update, author, at }) => {
        const seq = firstSeq + records.length;
        records.push({ seq, doc, update, author, at });
        return seq;
      }),
    );
    try {
      this.file.append(records);
    } catch (err) {
      for (const entry of batch) entry.reject(err);
      return;
    }
    this.lastSeq += records.length;
    for (const record of records) this.unstored.push(record);
    this.ingestTimer ??= setTimeout(this.ingestLater, this.options.ingestEveryMs).unref();
    for (let i = 0; i < batch.length; i++) batch[i]!.resolve(seqs[i]!);
  };

  private readonly ingestLater = (): void => {
    this.ingestTimer = null;
    try {
      this.storeAll();
    } catch {
      // SQLite refused (a full disk): the records stay in the append log and in memory, and the
      // next append or read tries again; reads report the error to their callers.
      this.ingestTimer ??= setTimeout(this.ingestLater, this.options.ingestEveryMs).unref();
    }
  };

  /**
   * Moves everything appended so far into SQLite, then empties the append log. Reads of the log
   * call it first, so they see every acknowledged update. Throws when SQLite refuses.
   */
  storeAll(): void {
    this.writeTurn();
    if (this.unstored.length === 0) return;
    this.insertAll(this.unstored);
    this.unstored = [];
    // Everything the file holds is in SQLite now (appends happen only on this thread).
    this.file.clear();
  }

  close(): void {
    if (this.ingestTimer) clearTimeout(this.ingestTimer);
    this.ingestTimer = null;
    this.storeAll();
    this.file.close();
  }
}
