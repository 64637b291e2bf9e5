/**
 * The append log: where a document update becomes durable first.
 *
 * Appending a message's records to a plain file is one `write`; SQLite then takes them in bulk, a
 * few hundred rows per transaction (`updateLog.ts`). Committing every edit to SQLite instead wrote
 * WAL frames for the log's leaf and index pages per edit, which cost more CPU than the rest of
 * an edit (measured in bench/RESULTS-archive.md, round 0).
 *
 * How durable a written record is depends on the `Durability` chosen (`DUET_DURABILITY`):
 * - `process`: once `append` returns, the record is in the kernel's page cache. It survives a crash
 *   of the process (`kill -9`), not an OS crash or a power loss — the guarantee of a SQLite commit
 *   with `synchronous = NORMAL`.
 * - `fsync`: the record also went through `sync` (fdatasync) before anyone is told it is stored, so
 *   it survives a power loss too, as far as the disk honours fdatasync.
 *
 * Record layout (little-endian): u32 payload length, u32 CRC-32 of the payload, then the payload:
 * f64 seq, f64 at, u32 doc bytes, i32 author bytes (−1 for none), u32 update bytes, and the three
 * byte strings. A torn or corrupt tail (power loss mid-write) ends the readable log; everything
 * before it is intact, and nothing after it was ever acknowledged.
 */
import fs from 'node:fs';
import { crc32 } from 'node:zlib';
import type { NewUpdate } from './types.js';

/** What an acknowledged document update survives (`DUET_DURABILITY`); see above. */
export const DURABILITY_MODES = ['process', 'fsync'] as const;
export type Durability = (typeof DURABILITY_MODES)[number];

export interface AppendLogRecord {
  seq: number;
  doc: string;
  update: Uint8Array;
  author: string | null;
  at: number;
}

const HEADER = 8;
const FIXED = 8 + 8 + 4 + 4 + 4;

/**
 * The UTF-8 bytes of the strings every record repeats — document names and authors — encoded once
 * each instead of once per record. Bounded: a server sees a handful per room, and past the bound
 * the cache starts over.
 */
const NAME_CACHE_MAX = 4096;
const nameCache = new Map<string, Buffer>();

function nameBytes(name: string): Buffer {
  let bytes = nameCache.get(name);
  if (bytes === undefined) {
    if (nameCache.size >= NAME_CACHE_MAX) nameCache.clear();
    bytes = Buffer.from(name, 'utf8');
    nameCache.set(name, bytes);
  }
  return bytes;
}

const recordBytes = (doc: Buffer, author: Buffer | null, update: Uint8Array): number =>
  HEADER + FIXED + doc.length + (author === null ? 0 : author.length) + update.length;

/** Writes one record into `out` at `at`; returns where it ends. */
function writeRecord(out: Buffer, at: number, seq: number, time: number, doc: Buffer, author: Buffer | null, update: Uint8Array): number {
  const start = at + HEADER;
  out.writeDoubleLE(seq, start);
  out.writeDoubleLE(time, start + 8);
  out.writeUInt32LE(doc.length, start + 16);
  out.writeInt32LE(author === null ? -1 : author.length, start + 20);
  out.writeUInt32LE(update.length, start + 24);
  let p = start + FIXED;
  out.set(doc, p);
  p += doc.length;
  if (author !== null) {
    out.set(author, p);
    p += author.length;
  }
  out.set(update, p);
  p += update.length;
  out.writeUInt32LE(p - start, at);
  out.writeUInt32LE(crc32(out.subarray(start, p)), at + 4);
  return p;
}

/** The records in the log's format; with `ends`, each record's end (plus `offset`) is pushed to it. */
export function encodeRecords(records: readonly AppendLogRecord[], ends?: number[], offset = 0): Buffer {
  let total = 0;
  for (const r of records) total += recordBytes(nameBytes(r.doc), r.author === null ? null : nameBytes(r.author), r.update);
  const out = Buffer.allocUnsafe(total);
  let at = 0;
  for (const r of records) {
    at = writeRecord(out, at, r.seq, r.at, nameBytes(r.doc), r.author === null ? null : nameBytes(r.author), r.update);
    ends?.push(offset + at);
  }
  return out;
}

/** One document's updates, as an append passes them. */
export interface DocUpdates {
  doc: string;
  updates: readonly NewUpdate[];
}

/**
 * Records for the updates of several appends, numbered from `firstSeq` on in order: the same bytes
 * as `encodeRecords`, without a record object per update on the way. Each record's end (plus
 * `offset`) is pushed to `ends`.
 */
export function encodeUpdates(appends: readonly DocUpdates[], firstSeq: number, ends: number[], offset: number): Buffer {
  let total = 0;
  for (const { doc, updates } of appends) {
    const docBytes = nameBytes(doc);
    for (const u of updates) total += recordBytes(docBytes, u.author === null ? null : nameBytes(u.author), u.update);
  }
  const out = Buffer.allocUnsafe(total);
  let at = 0;
  let seq = firstSeq;
  for (const { doc, updates } of appends) {
    const docBytes = nameBytes(doc);
    for (const u of updates) {
      at = writeRecord(out, at, seq++, u.at, docBytes, u.author === null ? null : nameBytes(u.author), u.update);
      ends.push(offset + at);
    }
  }
  return out;
}

/** Every intact record from the start, and whether the bytes ended in a torn or corrupt one. */
export function decodeRecords(bytes: Buffer): { records: AppendLogRecord[]; torn: boolean } {
  const records: AppendLogRecord[] = [];
  let at = 0;
  while (at < bytes.length) {
    if (bytes.length - at < HEADER + FIXED) return { records, torn: true };
    const length = bytes.readUInt32LE(at);
    const start = at + HEADER;
    const end = start + length;
    if (length < FIXED || end > bytes.length || crc32(bytes.subarray(start, end)) !== bytes.readUInt32LE(at + 4)) {
      return { records, torn: true };
    }
    const docBytes = bytes.readUInt32LE(start + 16);
    const authorBytes = bytes.readInt32LE(start + 20);
    const updateBytes = bytes.readUInt32LE(start + 24);
    let p = start + FIXED;
    const doc = bytes.toString('utf8', p, (p += docBytes));
    const author = authorBytes < 0 ? null : bytes.toString('utf8', p, (p += authorBytes));
    if (p + updateBytes !== end) return { records, torn: true };
    // A view, not a copy: records are read to be stored or applied at once, and a copy would be a
    // young ArrayBuffer per update for the scavenger to sweep.
    const update = new Uint8Array(bytes.buffer, bytes.byteOffset + p, updateBytes);
    records.push({ seq: bytes.readDoubleLE(start), at: bytes.readDoubleLE(start + 8), doc, author, update });
    at = end;
  }
  return { records, torn: false };
}

/** The file itself: appends in one write, reads back at startup, starts over once all is in SQLite. */
export class AppendLog {
  private readonly fd: number;
  /**
   * Bytes of whole records in the file. Appends write at this offset (not in O_APPEND mode), so
   * what a failed append left behind is overwritten by the next one and never read.
   */
  size: number;
  /** fdatasync calls that completed on this file (read by tests and nothing else). */
  syncs = 0;
  /** Syncs running on libuv's thread pool: the descriptor is closed only once none is. */
  private syncing = 0;
  private closed = false;

  constructor(readonly file: string) {
    this.fd = fs.openSync(file, fs.constants.O_RDWR | fs.constants.O_CREAT);
    this.size = fs.fstatSync(this.fd).size;
  }

  /** The file's bytes up to `size`. */
  readBytes(): Buffer {
    const bytes = Buffer.allocUnsafe(this.size);
    let read = 0;
    while (read < this.size) {
      const n = fs.readSync(this.fd, bytes, read, this.size - read, read);
      if (n === 0) break;
      read += n;
    }
    return bytes.subarray(0, read);
  }

  /** The bytes from `start` to `end` (within `size`). */
  readRange(start: number, end: number): Buffer {
    const bytes = Buffer.allocUnsafe(end - start);
    let read = 0;
    while (read < bytes.length) {
      const n = fs.readSync(this.fd, bytes, read, bytes.length - read, start + read);
      if (n === 0) throw new Error(`the append log ${this.file} ended at ${start + read}, before ${end}`);
      read += n;
    }
    return bytes;
  }

  readAll(): { records: AppendLogRecord[]; torn: boolean } {
    return decodeRecords(this.readBytes());
  }

  /**
   * Writes encoded records (`encodeUpdates`, `encodeRecords`, their ends computed from `size`) in
   * one write — durable for a process crash; `sync` makes them so for a power loss — or throws,
   * leaving the file's records as they were. Returns the offset they start at.
   */
  write(bytes: Buffer): number {
    const start = this.size;
    let written = 0;
    while (written < bytes.length) written += fs.writeSync(this.fd, bytes, written, bytes.length - written, start + written);
    this.size += bytes.length;
    return start;
  }

  /**
   * Makes everything written so far survive a power loss: fdatasync on libuv's thread pool, so the
   * event loop goes on meanwhile. Writes made while it runs may or may not be covered: sync again.
   */
  sync(): Promise<void> {
    if (this.closed) return Promise.reject(new Error(`the append log ${this.file} is closed`));
    this.syncing++;
    return new Promise((resolve, reject) => {
      fs.fdatasync(this.fd, (err) => {
        this.syncing--;
        if (this.closed && this.syncing === 0) fs.close(this.fd, () => {});
        if (err) return reject(err);
        this.syncs++;
        resolve();
      });
    });
  }

  /**
   * Empties the file: only once every record in it is committed to SQLite (with `fsync`
   * durability, committed durably: the emptied file may reach the disk before SQLite's WAL does).
   */
  clear(): void {
    fs.ftruncateSync(this.fd, 0);
    this.size = 0;
  }

  /**
   * Closes the file, at once or once the running syncs end: closed under a running fdatasync, the
   * descriptor's number could name another file by the time the sync runs.
   */
  close(): void {
    this.closed = true;
    if (this.syncing === 0) fs.closeSync(this.fd);
  }
}
