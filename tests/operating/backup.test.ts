// Issue 20, must show 2: `npm run backup -- <dir>` while a server process takes a steady stream of
// edits; the copy restored into a fresh data directory starts, and holds every edit that was
// acknowledged (relayed to another client, which the server does only once it is stored) before
// the backup started.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PAD } from '../../shared/schema.js';
import { api, connectProvider, createRoom, type ProviderClient } from '../helpers/clients.js';
import { ROOT, startChildServer, tempDir, waitFor, type ChildServer } from '../helpers/server.js';

const children: ChildServer[] = [];
afterAll(() => {
  for (const child of children) child.proc.kill('SIGKILL');
});

/** Runs the backup command as an operator would; resolves with its exit code and output. */
function runBackup(dataDir: string, dest: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const proc = spawn('npm', ['run', '--silent', 'backup', '--', dest], { cwd: ROOT, env: { ...process.env, DUET_DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    proc.stdout.on('data', (c: Buffer) => (output += c.toString()));
    proc.stderr.on('data', (c: Buffer) => (output += c.toString()));
    proc.on('exit', (code) => resolve({ code, output }));
  });
}

/** The edit markers a document's pad holds, in order. */
const editsIn = (client: ProviderClient): string[] => client.doc.getText(PAD.code).toString().match(/e\d+;/g) ?? [];

describe('npm run backup', () => {
  it('copies a running server under a stream of edits; the restored copy starts with every edit acknowledged before it', async () => {
    const dataDir = tempDir();
    const server = await startChildServer(dataDir);
    children.push(server);
    const room = await createRoom(server.url, { title: 'Backed up' });
    const cand = await room.join('candidate', 'Bea');
    const writer = await connectProvider(server.wsUrl, room.room.id, 'pad', cand.token);
    const watcher = await connectProvider(server.wsUrl, room.room.id, 'pad', room.hostToken);

    // A steady stream: an edit every few milliseconds until the backup is done.
    let n = 0;
    let streaming = true;
    const stream = (async () => {
      while (streaming) {
        const text = writer.doc.getText(PAD.code);
        text.insert(text.length, `e${n++};`);
        await new Promise((resolve) => setTimeout(resolve, 3));
      }
    })();
    // Well under way: edits have gone through ingestion into SQLite (every second) already.
    await waitFor(() => editsIn(watcher).length >= 300, 20_000, 'edits flowing');
    await new Promise((resolve) => setTimeout(resolve, 1200));

    const acknowledged = editsIn(watcher);
    const dest = path.join(tempDir(), 'backup');
    const backup = await runBackup(dataDir, dest);
    const sentDuring = n;
    streaming = false;
    await stream;
    expect(backup.code, backup.output).toBe(0);
    const summary = JSON.parse(backup.output.trim().split('\n').at(-1)!) as { msg: string; secret: boolean; appendLogRecords: number };
    expect(summary).toMatchObject({ msg: 'backup complete', secret: true });
    // The last moment's edits were only in the append log: the copy took them from there.
    expect(summary.appendLogRecords).toBeGreaterThan(0);
    // Edits went on while the backup ran.
    expect(sentDuring).toBeGreaterThan(acknowledged.length);
    writer.destroy();
    watcher.destroy();
    server.proc.kill('SIGKILL');
    await server.exited;

    // Restore: a fresh data directory holding only the copy.
    const restored = tempDir();
    for (const file of fs.readdirSync(dest)) fs.copyFileSync(path.join(dest, file), path.join(restored, file));
    const again = await startChildServer(restored);
    children.push(again);
    expect((await api(again.url, 'GET', '/healthz')).status).toBe(200);
    // The same secret: the host's session from before still opens the room.
    const reader = await connectProvider(again.wsUrl, room.room.id, 'pad', room.hostToken);
    const kept = new Set(editsIn(reader));
    const missing = acknowledged.filter((edit) => !kept.has(edit));
    expect(missing, `${missing.length} of ${acknowledged.length} acknowledged edits missing`).toEqual([]);
    // And the text is whole: the edits it holds are a prefix of those sent, in order.
    expect(editsIn(reader)).toEqual(Array.from({ length: kept.size }, (_, i) => `e${i};`));
    reader.destroy();
    again.proc.kill('SIGTERM');
    await again.exited;
  });

  it('refuses a directory that already holds a database, and a data directory without one', async () => {
    const empty = tempDir();
    const refused = await runBackup(empty, path.join(tempDir(), 'b'));
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('no Duet database');
    const dest = tempDir();
    fs.writeFileSync(path.join(dest, 'duet.sqlite'), 'x');
    const dataDir = tempDir();
    fs.writeFileSync(path.join(dataDir, 'duet.sqlite'), '');
    const busy = await runBackup(dataDir, dest);
    expect(busy.code).toBe(1);
    expect(busy.output).toContain('already holds a Duet database');
  });
});
