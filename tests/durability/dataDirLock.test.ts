// One process per data directory: a second server on the same DUET_DATA_DIR exits at once, naming
// the directory and the process holding it; the first keeps serving and loses nothing; and the
// lock dies with its holder, so a `kill -9` never blocks the restart.
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PAD } from '../../shared/schema.js';
import { DataDirLockedError, SqliteStore } from '../../server/store/index.js';
import { api, connectProvider, createRoom, type ProviderClient } from '../helpers/clients.js';
import { startChildServer, tempDir, waitFor, type ChildServer } from '../helpers/server.js';

const children: ChildServer[] = [];
afterAll(() => {
  for (const c of children) c.proc.kill('SIGKILL');
});

/** A server process on `dataDir`, killed after the tests if still running. */
async function start(dataDir: string): Promise<ChildServer> {
  const child = await startChildServer(dataDir);
  children.push(child);
  return child;
}

/** Types `text` at the end of the pad, and waits until a fresh client loads it (so it is stored). */
async function typeAndCheck(writer: ProviderClient, wsUrl: string, roomId: string, token: string, text: string): Promise<void> {
  const code = writer.doc.getText(PAD.code);
  code.insert(code.length, text);
  const expected = code.toString();
  const check = await connectProvider(wsUrl, roomId, 'pad', token);
  await waitFor(() => check.doc.getText(PAD.code).toString() === expected, 5000, 'the edit stored');
  check.destroy();
}

describe('the data directory lock', () => {
  it('refuses a second server on the same data directory; the first keeps serving; a kill -9 frees it', async () => {
    const dataDir = tempDir();
    const first = await start(dataDir);
    const room = await createRoom(first.url);
    const writer = await connectProvider(first.wsUrl, room.room.id, 'pad', room.hostToken);
    await typeAndCheck(writer, first.wsUrl, room.room.id, room.hostToken, 'before;');

    // A second process: it exits with 75, naming the directory and the holder.
    const refused = await startChildServer(dataDir).then(
      () => null,
      (err: Error) => err.message,
    );
    expect(refused).toMatch(/server exited \(75\) before listening/);
    expect(refused).toContain(`the data directory ${path.resolve(dataDir)} is in use by process ${first.proc.pid}`);
    // The same from within a process: the lock is not only between processes.
    let inProcess: unknown = null;
    try {
      SqliteStore.openDataDir(dataDir);
    } catch (err) {
      inProcess = err;
    }
    expect(inProcess).toBeInstanceOf(DataDirLockedError);
    expect(inProcess).toMatchObject({ dir: path.resolve(dataDir), holder: { pid: first.proc.pid } });

    // The first one lost nothing and keeps serving: edits, joins and reads.
    await typeAndCheck(writer, first.wsUrl, room.room.id, room.hostToken, 'after;');
    const joined = await room.join('candidate', 'Cy');
    expect((await api(first.url, 'GET', `/api/rooms/${room.room.id}`, { token: joined.token })).status).toBe(200);
    writer.destroy();

    // Killed with no chance to clean up: the kernel drops the lock, and the next server starts.
    first.proc.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    const next = await start(dataDir);
    const fresh = await connectProvider(next.wsUrl, room.room.id, 'pad', joined.token);
    expect(fresh.doc.getText(PAD.code).toString()).toBe('before;after;');
    fresh.destroy();
    next.proc.kill('SIGTERM');
    expect(await next.exited).toBe(0);
  });
});
