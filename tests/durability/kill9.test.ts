// Must show 6: `kill -9` right after edits were relayed; after a restart every relayed edit is there,
// with either durability (`fsync` adds power loss to what it survives, not to what this test checks).
import { afterAll, describe, expect, it } from 'vitest';
import { PAD } from '../../shared/schema.js';
import { connectProvider, createRoom } from '../helpers/clients.js';
import { startChildServer, tempDir, waitFor, type ChildServer } from '../helpers/server.js';

const children: ChildServer[] = [];
afterAll(() => {
  for (const c of children) c.proc.kill('SIGKILL');
});

const markersIn = (text: string) => new Set(text.match(/<\d+>/g) ?? []);

describe.each(['process', 'fsync'])('kill -9, DUET_DURABILITY=%s', (durability) => {
  it('loses no edit that another client had received', async () => {
    const dataDir = tempDir();
    const env = { DUET_DURABILITY: durability };
    const first = await startChildServer(dataDir, env);
    children.push(first);
    const room = await createRoom(first.url);
    const cand = await room.join('candidate', 'Kim');
    const writer = await connectProvider(first.wsUrl, room.room.id, 'pad', cand.token);
    const reader = await connectProvider(first.wsUrl, room.room.id, 'pad', room.hostToken);

    let n = 0;
    const typing = setInterval(() => {
      const text = writer.doc.getText(PAD.code);
      text.insert(text.length, `<${n++}>`);
    }, 5);
    // Kill the moment the reader has received a good number of edits, while typing goes on.
    await waitFor(() => markersIn(reader.doc.getText(PAD.code).toString()).size >= 150, 10_000, 'edits relayed');
    first.proc.kill('SIGKILL');
    const received = markersIn(reader.doc.getText(PAD.code).toString());
    clearInterval(typing);
    expect(await first.exited).toBe('SIGKILL');
    writer.destroy();
    reader.destroy();

    const second = await startChildServer(dataDir, env);
    children.push(second);
    const fresh = await connectProvider(second.wsUrl, room.room.id, 'pad', room.hostToken);
    const stored = markersIn(fresh.doc.getText(PAD.code).toString());
    const missing = [...received].filter((m) => !stored.has(m));
    expect(received.size).toBeGreaterThanOrEqual(150);
    expect(missing).toEqual([]);
    fresh.destroy();
    second.proc.kill('SIGTERM');
    await second.exited;
  });
});
