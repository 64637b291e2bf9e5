/**
 * One process per data directory. A second server on the same `DUET_DATA_DIR` would empty the
 * first one's append log at start (acknowledged edits not yet in SQLite) and both would then
 * number document updates from their own counters; so it must refuse to start, at once, saying
 * which process holds the directory.
 *
 * The lock is an exclusive lock on `duet.lock`, a small SQLite database kept open in
 * `locking_mode = EXCLUSIVE` for as long as the store is open. Why this and not a pid file: the
 * kernel drops the lock when its holder dies in any way (`kill -9`, OOM, power loss), so a crash
 * never leaves a stale lock that blocks the restart, and there is no guessing whether a recorded
 * pid is still the same process (pids are reused, and every container's server may be pid 1).
 * It is an OS file lock (fcntl), so it also holds between containers that share the volume.
 * SQLite's own locking is used because Node has no `flock`: better-sqlite3 is already here, and
 * SQLite keeps a lock correct within one process too (a second store opened by the same process
 * is refused as well), which plain fcntl locks would not.
 *
 * Who holds it is written beside it, to `duet.lock.holder` (an exclusively locked database cannot
 * be read by others). Nothing else may open `duet.lock` itself: closing any descriptor of a file
 * drops this process's fcntl locks on it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';

export const LOCK_FILE = 'duet.lock';
export const HOLDER_FILE = 'duet.lock.holder';

/** The process that holds a data directory, as it wrote itself down. */
export interface DataDirHolder {
  pid: number;
  host: string;
  startedAt: string;
}

export class DataDirLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly holder: DataDirHolder | null,
  ) {
    const who = holder ? `process ${holder.pid} on ${holder.host} (started ${holder.startedAt})` : 'another process';
    super(`the data directory ${dir} is in use by ${who}: only one Duet server may use a data directory at a time`);
    this.name = 'DataDirLockedError';
  }
}

function readHolder(dir: string): DataDirHolder | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, HOLDER_FILE), 'utf8')) as DataDirHolder;
  } catch {
    return null;
  }
}

export class DataDirLock {
  private constructor(
    readonly dir: string,
    private db: Database.Database | null,
  ) {}

  /** Locks `dir` (created if missing) for this process, or throws `DataDirLockedError` at once. */
  static acquire(dir: string): DataDirLock {
    const absolute = path.resolve(dir);
    fs.mkdirSync(absolute, { recursive: true });
    // timeout 0: a held lock is reported at once, never waited for.
    const db = new Database(path.join(absolute, LOCK_FILE), { timeout: 0 });
    try {
      db.pragma('locking_mode = EXCLUSIVE');
      // The first write takes the exclusive lock, and in this locking mode it is kept until close.
      db.exec('BEGIN EXCLUSIVE; CREATE TABLE IF NOT EXISTS lock (taken_at INTEGER NOT NULL); DELETE FROM lock;');
      db.prepare('INSERT INTO lock (taken_at) VALUES (?)').run(Date.now());
      db.exec('COMMIT');
    } catch (err) {
      db.close();
      if ((err as { code?: unknown }).code === 'SQLITE_BUSY') throw new DataDirLockedError(absolute, readHolder(absolute));
      throw err;
    }
    const holder: DataDirHolder = { pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString() };
    // Written whole or not at all (rename), so a refused process never reads half of it.
    const temp = path.join(absolute, `${HOLDER_FILE}.${process.pid}`);
    fs.writeFileSync(temp, JSON.stringify(holder));
    fs.renameSync(temp, path.join(absolute, HOLDER_FILE));
    return new DataDirLock(absolute, db);
  }

  /** Lets another process have the directory; call once nothing more will be written to it. */
  release(): void {
    if (!this.db) return;
    fs.rmSync(path.join(this.dir, HOLDER_FILE), { force: true });
    this.db.close();
    this.db = null;
  }
}
