/**
 * A consistent copy of a data directory while its server runs (`npm run backup -- <dir>`).
 *
 * An acknowledged edit is durable in an append-log file, in SQLite, or in both; it leaves an
 * append-log file only after SQLite committed it (store/updateLog.ts). So the copy takes the
 * append logs first and SQLite second: every edit acknowledged before the backup started is either
 * in the copied append logs, or was committed to SQLite before the second step began — and SQLite's
 * online backup copies a state at least that recent (a backup whose source changes under it starts
 * over). A torn record at the end of a copied append log was being written as it was read: it was
 * not acknowledged yet, and a restore ignores it, as a restart does.
 *
 * Restoring is starting Duet on a directory holding the copy: at start the store moves whatever
 * the append logs hold that SQLite does not into SQLite, as after any crash.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { decodeRecords } from '../store/appendLog.js';
import { DATABASE_FILE } from '../store/sqlite.js';

/** The files of a data directory a backup holds, beside the database. */
export const APPEND_LOG_FILES = [`${DATABASE_FILE}.appendlog.0`, `${DATABASE_FILE}.appendlog.1`];
export const SECRET_FILE = 'jwt-secret';

export interface BackupSummary {
  dir: string;
  databaseBytes: number;
  /** Intact append-log records copied (edits not yet in SQLite when the backup began). */
  appendLogRecords: number;
  secret: boolean;
}

export class BackupError extends Error {}

/** Pages per step after the first: the rest of the database in one step, so steady writes cannot keep restarting it. */
const PAGES_PER_STEP = 1 << 30;

export async function backupDataDir(dataDir: string, destDir: string): Promise<BackupSummary> {
  const source = path.join(dataDir, DATABASE_FILE);
  if (!fs.existsSync(source)) throw new BackupError(`no Duet database in ${dataDir} (looked for ${DATABASE_FILE})`);
  fs.mkdirSync(destDir, { recursive: true });
  const target = path.join(destDir, DATABASE_FILE);
  if ([DATABASE_FILE, ...APPEND_LOG_FILES].some((f) => fs.existsSync(path.join(destDir, f)))) {
    throw new BackupError(`${destDir} already holds a Duet database: back up into an empty directory`);
  }

  // 1. The append logs, whole records only.
  let appendLogRecords = 0;
  for (const name of APPEND_LOG_FILES) {
    const from = path.join(dataDir, name);
    const bytes = fs.existsSync(from) ? fs.readFileSync(from) : Buffer.alloc(0);
    const { records } = decodeRecords(bytes);
    appendLogRecords += records.length;
    const end = records.length === 0 ? 0 : intactLength(bytes);
    fs.writeFileSync(path.join(destDir, name), bytes.subarray(0, end), { mode: 0o600 });
  }

  // 2. SQLite's online backup: a consistent state, taken while the server goes on writing.
  const db = new Database(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    await db.backup(target, { progress: () => PAGES_PER_STEP });
  } finally {
    db.close();
  }
  const copy = new Database(target);
  try {
    const check = copy.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new BackupError(`the copy failed its check: ${String(check)}`);
  } finally {
    // Closing folds the copy's WAL into it: the backup is one file.
    copy.close();
  }
  fs.chmodSync(target, 0o600);

  // 3. The generated signing secret, without which no link or session of the copy works.
  const secret = path.join(dataDir, SECRET_FILE);
  const hasSecret = fs.existsSync(secret);
  if (hasSecret) fs.copyFileSync(secret, path.join(destDir, SECRET_FILE));
  return { dir: destDir, databaseBytes: fs.statSync(target).size, appendLogRecords, secret: hasSecret };
}

/** The length of the intact records at the start of an append log's bytes. */
function intactLength(bytes: Buffer): number {
  // Records are length-prefixed (u32 payload length, u32 CRC, payload); decodeRecords checked them.
  const { records } = decodeRecords(bytes);
  let at = 0;
  for (let i = 0; i < records.length; i++) at += 8 + bytes.readUInt32LE(at);
  return at;
}
