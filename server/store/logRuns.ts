/**
 * Runs: an append-log file's records grouped by document, each group stored as one SQLite row
 * (`updateLog.ts` says why). What of a file SQLite does not hold yet is indexed by document, and
 * taken from the file a few documents at a time.
 */
import { encodeRecords, type AppendLog, type AppendLogRecord } from './appendLog.js';

/** Where one document's records sit in an append-log file, in order: each record's start and end offset, flat. */
export type DocSpans = number[];

/**
 * One append-log file and what of it SQLite does not hold yet. The records themselves are not kept
 * in memory between the write and ingestion: held for the second until ingestion, every edit's
 * record and update would outlive young-generation collections and be copied by each of them,
 * and under load those scavenges would be the longest pauses of the event loop. Only where each
 * document's records are is kept; ingestion reads the file back (it is in the page cache) and
 * copies each document's records into its run as they are, with no decoding or checksumming on the
 * event loop.
 */
export interface Generation {
  file: AppendLog;
  /** Each document's records in the file that SQLite does not hold yet. */
  docs: Map<string, DocSpans>;
  /**
   * The file's first bytes, read once for all of its runs (see `regionOf`); null until then, and
   * for a file larger than `WHOLE_READ_MAX_BYTES`.
   */
  bytes: Buffer | null;
}

export const newGeneration = (file: AppendLog): Generation => ({ file, docs: new Map(), bytes: null });

/**
 * Largest file read whole for its runs. Documents' records interleave, so each document's region
 * spans nearly the whole file: read per run, a file of a hundred rooms typing was read a hundred
 * times over (into fresh buffers, each page faulted in). Five seconds of 2,000 edits a second is
 * about 1 MB.
 */
const WHOLE_READ_MAX_BYTES = 4 * 1024 * 1024;

/**
 * The file's bytes from `start` to `end`, as a view: of the whole file, read once while it is at
 * most `WHOLE_READ_MAX_BYTES` (and read again if it has grown past what was read), else of this
 * region alone.
 */
function regionOf(generation: Generation, start: number, end: number): Buffer {
  const { file } = generation;
  if (file.size > WHOLE_READ_MAX_BYTES) return file.readRange(start, end);
  if (!generation.bytes || generation.bytes.length < end) generation.bytes = file.readRange(0, file.size);
  return generation.bytes.subarray(start, end);
}

/** Consecutive records of one document, stored as one row. */
export interface Run {
  doc: string;
  first: number;
  last: number;
  count: number;
  /** The records in the append log's format. */
  records: Uint8Array;
}

/** Records grouped by document, each group in sequence order (as they were appended). */
export function toRuns(records: readonly AppendLogRecord[]): Run[] {
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
 * Largest run taken in one piece. A document's records in one file are usually a few seconds of
 * typing (kilobytes), but a client pasting megabytes a second would otherwise make one run of tens
 * of MB: read, copied and bound into SQLite at once, each copy a transient of that size.
 */
export const RUN_MAX_BYTES = 2 * 1024 * 1024;

/**
 * The first `count` of a document's records in a file (`spans`), copied out into one buffer, and
 * the file region they were copied from (starting at the first record).
 */
function copyRecords(generation: Generation, spans: readonly number[], count: number): { records: Buffer; region: Buffer; start: number } {
  const start = spans[0]!;
  const end = spans[2 * count - 1]!;
  if (end > generation.file.size) throw new Error(`the append log ${generation.file.file} is shorter than its records`);
  const region = regionOf(generation, start, end);
  let size = 0;
  for (let i = 0; i < 2 * count; i += 2) size += spans[i + 1]! - spans[i]!;
  const records = Buffer.allocUnsafe(size);
  let at = 0;
  for (let i = 0; i < 2 * count; i += 2) at += region.copy(records, at, spans[i]! - start, spans[i + 1]! - start);
  return { records, region, start };
}

/**
 * Runs of up to `count` documents of a file, in order, each a prefix of that document's records
 * there no larger than `RUN_MAX_BYTES` (at least one record): a document with more is taken over
 * several calls (`consumeRuns` leaves the rest). Only the file regions the runs need are read.
 */
export function takeRuns(generation: Generation, count = Infinity): Run[] {
  const runs: Run[] = [];
  for (const [doc, spans] of generation.docs) {
    if (runs.length >= count) break;
    let size = 0;
    let taken = 0;
    for (let i = 0; i < spans.length; i += 2) {
      const length = spans[i + 1]! - spans[i]!;
      if (taken > 0 && size + length > RUN_MAX_BYTES) break;
      size += length;
      taken++;
    }
    const { records, region, start } = copyRecords(generation, spans, taken);
    // A record's seq is the first field of its payload, after the 8-byte header (appendLog.ts).
    const seqAt = (offset: number) => region.readDoubleLE(offset - start + 8);
    runs.push({ doc, first: seqAt(spans[0]!), last: seqAt(spans[2 * (taken - 1)]!), count: taken, records });
  }
  return runs;
}

/** Every record of `doc` in the file that SQLite does not hold yet, in the append log's format; null when none. */
export function loggedRecords(generation: Generation, doc: string): Buffer | null {
  const entry = generation.docs.get(doc);
  return entry ? copyRecords(generation, entry, entry.length / 2).records : null;
}

/** Stored: the runs' records leave the file's index (a document whose records all went, entirely). */
export function consumeRuns(generation: Generation, runs: readonly Run[]): void {
  for (const run of runs) {
    const spans = generation.docs.get(run.doc);
    if (!spans) continue;
    if (run.count * 2 >= spans.length) generation.docs.delete(run.doc);
    else spans.splice(0, run.count * 2);
  }
}

/** Whether storing `runs` takes the last of the file's records. */
export const takesAll = (generation: Generation, runs: readonly Run[]): boolean =>
  runs.length === generation.docs.size && runs.every((run) => run.count * 2 === generation.docs.get(run.doc)!.length);
