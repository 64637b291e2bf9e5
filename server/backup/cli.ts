/**
 * `npm run backup -- <dir>`: a consistent copy of `DUET_DATA_DIR` (default ./data) into `<dir>`,
 * taken while Duet runs (server/backup/backup.ts). Exit status 0 on success, 64 on bad usage, 1
 * when the copy failed.
 */
import path from 'node:path';
import { backupDataDir, BackupError } from './backup.js';

async function main(): Promise<number> {
  const dest = process.argv[2];
  if (!dest || process.argv.length > 3) {
    console.error('usage: npm run backup -- <backup directory>   (copies DUET_DATA_DIR, default ./data)');
    return 64;
  }
  if (process.env['DUET_DATABASE_URL']) {
    console.error('DUET_DATABASE_URL is set: back PostgreSQL up with pg_dump (see README, "Backup and restore").');
    return 64;
  }
  const dataDir = path.resolve(process.env['DUET_DATA_DIR'] || './data');
  try {
    const summary = await backupDataDir(dataDir, path.resolve(dest));
    console.log(JSON.stringify({ msg: 'backup complete', from: dataDir, ...summary }));
    return 0;
  } catch (err) {
    console.error(err instanceof BackupError ? err.message : err);
    return 1;
  }
}

main().then((code) => process.exit(code));
