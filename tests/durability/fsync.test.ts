// DUET_DURABILITY: with `fsync`, an update is fdatasync'ed in the append log before anyone receives
// it or is told it is stored, one fdatasync per event-loop turn however many appends the turn made;
// with `process` (the default) there is no fdatasync at all; any other value stops the server.
//
// fdatasync is Node's (`fs.fdatasync`, on libuv's thread pool): the tests wrap it to count calls and
// to hold each one back a while, so that "relayed before the sync returned" would be seen.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { DUET_STORED_MESSAGE } from '../../shared/wire.js';
import { PAD } from '../../shared/schema.js';
import { SqliteStore } from '../../server/store/index.js';
import { createRoom, decodeFrame, rawConnect, updateFrame, type RawClient } from '../helpers/clients.js';
import { startChildServer, startServer, tempDir, type TestServer } from '../helpers/server.js';

const realFdatasync = fs.fdatasync;
/** What happened, in order: 'synced' when an fdatasync returned, and what the test's clients saw. */
let events: string[] = [];
let syncs = 0;

/** Every fdatasync of this process from now on is counted, and returns `delayMs` late. */
function watchFdatasync(delayMs = 0): void {
  vi.spyOn(fs, 'fdatasync').mockImplementation(((fd: number, done: (err: NodeJS.ErrnoException | null) => void) => {
    syncs++;
    setTimeout(
      () =>
        realFdatasync(fd, (err) => {
          events.push('synced');
          done(err);
        }),
      delayMs,
    );
  }) as typeof fs.fdatasync);
}

afterEach(() => {
  vi.restoreAllMocks();
  events = [];
  syncs = 0;
});

/** Updates that each add one character to the pad's code, as one client typing makes them. */
function typing(count: number): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  for (let i = 0; i < count; i++) doc.getText(PAD.code).insert(i, String(i % 10));
  return updates;
}

const isUpdate = (frame: Uint8Array) => decodeFrame(frame).kind === 'sync-update';
const isStoredAck = (frame: Uint8Array) => {
  const decoded = decodeFrame(frame);
  return decoded.kind === 'other' && decoded.type === DUET_STORED_MESSAGE;
};

/** A room's pad with the candidate (writing, speaking duet.v1 for stored acks) and the host (reading). */
async function writerAndReader(server: TestServer): Promise<{ writer: RawClient; reader: RawClient }> {
  const room = await createRoom(server.url);
  const cand = await room.join('candidate', 'Cleo');
  const pad = `/yjs/${room.room.id}/pad`;
  const writer = await rawConnect(server.wsUrl, pad, { token: cand.token, viaProtocol: true });
  const reader = await rawConnect(server.wsUrl, pad, { token: room.hostToken });
  writer.ws.on('message', (data: Buffer) => {
    if (isStoredAck(new Uint8Array(data))) events.push('acknowledged');
  });
  reader.ws.on('message', (data: Buffer) => {
    if (isUpdate(new Uint8Array(data))) events.push('relayed');
  });
  return { writer, reader };
}

describe('DUET_DURABILITY=fsync on a running server', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ durability: 'fsync' });
  });
  afterAll(() => server.close());

  it('relays and acknowledges an update only after its fdatasync has returned', async () => {
    const { writer, reader } = await writerAndReader(server);
    watchFdatasync(150);
    writer.send(updateFrame(typing(1)[0]!));
    await vi.waitUntil(() => events.includes('relayed') && events.includes('acknowledged'), { timeout: 5000 });
    expect(syncs).toBeGreaterThanOrEqual(1);
    expect(events[0]).toBe('synced');
    writer.close();
    reader.close();
  });

  it('covers a burst of updates with fewer fdatasyncs than updates', async () => {
    const { writer, reader } = await writerAndReader(server);
    watchFdatasync(20);
    const burst = typing(40);
    for (const update of burst) writer.send(updateFrame(update));
    await vi.waitUntil(() => reader.frames.filter(isUpdate).length === burst.length, { timeout: 5000 });
    expect(syncs).toBeGreaterThanOrEqual(1);
    // A sync per update would be 40; the frames of one burst arrive in a few reads at most.
    expect(syncs).toBeLessThan(burst.length / 4);
    writer.close();
    reader.close();
  });
});

describe('the update log with fsync durability', () => {
  it('covers every append of one turn, across documents and writes, with one fdatasync', async () => {
    const store = new SqliteStore(path.join(tempDir(), 'duet.sqlite'), { durability: 'fsync' });
    watchFdatasync();
    const at = Date.now();
    // Each from its own callback of the same turn, as messages handled one after the other: each
    // is its own write to the append log.
    const appended = await Promise.all(
      ['r1/pad', 'r1/notes', 'r2/pad', 'r1/pad'].map(
        (doc, i) =>
          new Promise<number[]>((resolve, reject) =>
            setImmediate(() => store.appendUpdates(doc, [{ update: typing(1)[0]!, author: `p${i}`, at }]).then(resolve, reject)),
          ),
      ),
    );
    expect(syncs).toBe(1);
    expect(appended.flat()).toHaveLength(4);
    // The next turn's appends get their own.
    await store.appendUpdates('r1/pad', [{ update: typing(1)[0]!, author: 'p9', at }]);
    expect(syncs).toBe(2);
    expect((await store.listUpdates('r1/pad')).map((u) => u.author)).toEqual(['p0', 'p3', 'p9']);
    await store.close();
  });

  it('does not call fdatasync with the default durability', async () => {
    const store = new SqliteStore(path.join(tempDir(), 'duet.sqlite'));
    watchFdatasync();
    await store.appendUpdates('r1/pad', [{ update: typing(1)[0]!, author: 'p1', at: Date.now() }]);
    expect(syncs).toBe(0);
    await store.close();
  });
});

describe('DUET_DURABILITY at start', () => {
  it('stops the server with a message naming it when the value is not a mode', async () => {
    // A server that did start (the check missing) is stopped, and the test fails.
    const started = startChildServer(tempDir(), { DUET_DURABILITY: 'always' }).then((child) => child.proc.kill('SIGKILL'));
    await expect(started).rejects.toThrow(
      /DUET_DURABILITY must be "process" \(the default\) or "fsync"/,
    );
  });
});
