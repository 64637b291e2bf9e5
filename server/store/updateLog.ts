/**
 * Document updates on their way into SQLite.
 *
 * The appends made while handling one message (from every document it touched) are written to the
 * append log in one write, in a microtask right after the handler, and each promise resolves only
 * after that write: nothing is relayed or acknowledged before it is durable, and the relay still
 * follows at once. (Waiting for the end of the event-loop turn saved ~5 % of CPU per edit by
 * writing several messages' updates together, but put every edit behind all the turn's other work:
 * p99 4.6 ms against 3.2 in s2-cursors of the benchmark.)
 *
 * Every `ingestEveryMs` the records move into SQLite: appends switch to the other of two
 * append-log files, and the full one is taken as *runs* — one row per document holding all of its
 * records from that file, in the append log's own checksummed format. A row per update cost ~6 %
 * of the server's CPU in the benchmark (a statement, a table row and an index entry for every
 * keystroke); a run costs that once for a second of a document's typing, and keeps every update
 * with its time and author for replay. Runs go in a few per transaction, one transaction per turn,
 * so the event loop is never held for more than a moment. Once all of a file is in SQLite, it is
 * emptied. Reads of the log first store everything appended so far, so they never see less than
 * what was acknowledged; at startup, whatever the append-log files hold that SQLite does not is
 * moved in first.
 */
import type Database from 'better-sqlite3';
import { decodeRecords, encodeRecords, type AppendLog, type AppendLogRecord } from './appendLog.js';
import type { NewUpdate, StoredUpdate } from './types.js';

/** One `append` call waiting for the write. */
interface PendingAppend {
  doc: string;
  updates: readonly NewUpdate[];
  resolve: (seqs: number[]) => void;
  reject: (err: unknown) => void;
}

export interface UpdateLogOptions {
  /** How long acknowledged updates may wait in the append log before SQLite takes them. */
  ingestEveryMs: number;
  /** Runs per transaction while ingesting; each holds the event loop for well under a millisecond. */
  runsPerTurn: number;
}

/** Where one document's records sit in an append-log file, in order. */
interface DocSpans {
  first: number;
  last: number;
  /** Start and end offset of each record, flat (so half as many records). */
  spans: number[];
}

/**
 * One append-log file and what of it SQLite does not hold yet. The records themselves are not kept
 * in memory between the write and ingestion: held even for a quarter second, every edit's record
 * and update outlived two young-generation collections and was copied by both (scavenges of
 * 1.5–3 ms every ~300 ms under load, the p99 of the benchmark). Only where each document's records
 * are is kept; ingestion reads the file back (it is in the page cache) and copies each document's
 * records into its run as they are, with no decoding or checksumming on the event loop.
 */
interface Generation {
  file: AppendLog;
  /** Each document's records in the file that SQLite does not hold yet. */
  docs: Map<string, DocSpans>;
  /** While draining: the file's bytes, read once (appends go to the other file by then). */
  bytes: Buffer | null;
}

const newGeneration = (file: AppendLog): Generation => ({ file, docs: new Map(), bytes: null });

/** Consecutive records of one document, stored as one row. */
interface Run {
  doc: string;
  first: number;
  last: number;
  count: number;
  /** The records in the append log's format. */
  records: Uint8Array;
}

/** Records grouped by document, each group in sequence order (as they were appended). */
function toRuns(records: readonly AppendLogRecord[]): Run[] {
  const byDoc = new Map<string, AppendLogRecord[]>();
  for (const record of records) {
    const group = byDoc.get(record.doc);
    if (group) group.push(record);
    else byDoc.set(record.doc, [record]);
  }
  return [...byDoc].map(([doc, group]) => ({
    doc,
    first: group[0]!.seq,
    last: group.at(-1)!.seq,
    count: group.length,
    records: encodeRecords(group),
  }));
}

/**
 * The runs of `count` documents of a file (all when omitted), their records copied as they are out
 * of `bytes`, the file's contents.
 */
function takeRuns(generation: Generation, bytes: Buffer, count = Infinity): Run[] {
  const runs: Run[] = [];
  for (const [doc, { first, last, spans }] of generation.docs) {
    if (runs.length >= count) break;
    let size = 0;
    for (let i = 0; i < spans.length; i += 2) size += spans[i + 1]! - spans[i]!;
    if (spans.at(-1)! > bytes.length) throw new Error(`the append log ${generation.file.file} is shorter than its records`);
    const run = Buffer.allocUnsafe(size);
    let at = 0;
    for (let i = 0; i < spans.length; i += 2) at += bytes.copy(run, at, spans[i]!, spans[i + 1]!);
    runs.push({ doc, first, last, count: spans.length / 2, records: run });
  }
  return runs;
}

export class UpdateLog {
  private lastSeq: number;
  private pending: PendingAppend[] = [];
  private writeQueued = false;
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
  private readonly listRuns: Database.Statement<[string, number], { records: Buffer }>;

  constructor(
    db: Database.Database,
    files: readonly [AppendLog, AppendLog],
    private readonly options: UpdateLogOptions,
  ) {
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
    this.insertRuns(toRuns(logged.filter((r) => r.seq > storedUpTo.get(r.doc)!)));
    for (const file of files) file.clear();
    const stored = (db.prepare('SELECT max(last_seq) AS seq FROM doc_update_runs').get() as { seq: number | null }).seq ?? 0;
    this.lastSeq = logged.reduce((max, r) => Math.max(max, r.seq), stored);
    this.active = newGeneration(files[0]);
    this.spare = files[1];
  }

  /** The stored updates of a document after `afterSeq`, in order; call `storeAll` first. */
  listAfter(doc: string, afterSeq: number): StoredUpdate[] {
    const updates: StoredUpdate[] = [];
    for (const { records } of this.listRuns.all(doc, afterSeq)) {
      // A run may start before `afterSeq` (a snapshot taken halfway through it).
      for (const { seq, update, author, at } of decodeRecords(records).records) {
        if (seq > afterSeq) updates.push({ seq, update, author, at });
      }
    }
    return updates;
  }

  /** Appends a document's updates; resolves with their sequence numbers once they are durable. */
  append(doc: string, updates: readonly NewUpdate[]): Promise<number[]> {
    return new Promise((resolve, reject) => {
      this.pending.push({ doc, updates, resolve, reject });
      if (!this.writeQueued) {
        this.writeQueued = true;
        queueMicrotask(this.writeWaiting);
      }
    });
  }

  /** Writes every waiting append to the append log; all of them resolve, or all reject. */
  private readonly writeWaiting = (): void => {
    this.writeQueued = false;
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
    const ends: number[] = [];
    let start: number;
    try {
      start = this.active.file.append(records, ends);
    } catch (err) {
      for (const entry of batch) entry.reject(err);
      return;
    }
    this.lastSeq += records.length;
    const docs = this.active.docs;
    for (let i = 0; i < records.length; i++) {
      const { doc, seq } = records[i]!;
      let spans = docs.get(doc);
      if (!spans) docs.set(doc, (spans = { first: seq, last: seq, spans: [] }));
      spans.last = seq;
      spans.spans.push(i === 0 ? start : ends[i - 1]!, ends[i]!);
    }
    this.ingestTimer ??= setTimeout(this.startIngest, this.options.ingestEveryMs).unref();
    for (let i = 0; i < batch.length; i++) batch[i]!.resolve(seqs[i]!);
  };

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
      const chunk = takeRuns(draining, (draining.bytes ??= draining.file.readBytes()), this.options.runsPerTurn);
      this.insertRuns(chunk);
      // Stored: these documents leave the file's index.
      for (const run of chunk) draining.docs.delete(run.doc);
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
   * Moves everything appended so far into SQLite at once, and empties the append log. Reads of the
   * log call it first, so they see every acknowledged update. Throws when SQLite refuses.
   */
  storeAll(): void {
    this.writeWaiting();
    if (this.draining) {
      this.insertRuns(takeRuns(this.draining, (this.draining.bytes ??= this.draining.file.readBytes())));
      this.finishDraining(this.draining);
    }
    if (this.active.docs.size === 0) return;
    // Read now: the active file grows with every append, so its contents are never kept.
    this.insertRuns(takeRuns(this.active, this.active.file.readBytes()));
    // Stored: forgotten before the file is emptied, so they are never taken twice.
    this.active = newGeneration(this.active.file);
    try {
      this.active.file.clear();
    } catch {
      // New appends go after them; at startup they are offered again, and ignored.
    }
  }

  close(): void {
    this.storeAll();
    this.closed = true;
    if (this.ingestTimer) clearTimeout(this.ingestTimer);
    if (this.nextChunk) clearImmediate(this.nextChunk);
    this.ingestTimer = null;
    this.nextChunk = null;
    this.active.file.close();
    this.spare?.close();
  }
}
