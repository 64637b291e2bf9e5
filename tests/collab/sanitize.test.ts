// User text inside the pad is normalised on the server: whiteboard labels lose control and bidi
// characters and are bounded; an unknown language is dropped.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MAX_LABEL_LENGTH, PAD } from '../../shared/schema.js';
import { docKey } from '../../server/collab/registry.js';
import { connectProvider, createRoom } from '../helpers/clients.js';
import { startServer, waitFor, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

describe('pad normalisation', () => {
  it('cleans labels and languages written by any client, for everyone and in the store', async () => {
    const room = await createRoom(server.url);
    const cand = await room.join('candidate', 'Bidi');
    const writer = await connectProvider(server.wsUrl, room.room.id, 'pad', cand.token);
    const reader = await connectProvider(server.wsUrl, room.room.id, 'pad', room.hostToken);
    const shape = new Y.Map<unknown>();
    shape.set('type', 'sticky');
    shape.set('label', 'evil\u202Egnp.exe\u0000 line one\nline two');
    writer.doc.getMap(PAD.shapes).set('s1', shape);
    const long = new Y.Map<unknown>();
    long.set('label', 'x'.repeat(5000));
    writer.doc.getMap(PAD.shapes).set('s2', long);
    writer.doc.getMap(PAD.meta).set('language', '<script>');

    const label = (doc: Y.Doc, id: string) => (doc.getMap<Y.Map<unknown>>(PAD.shapes).get(id))?.get('label');
    await waitFor(() => label(reader.doc, 's1') === 'evil gnp.exe line one\nline two', 5000, 'label cleaned');
    await waitFor(() => (label(writer.doc, 's2') as string | undefined)?.length === MAX_LABEL_LENGTH, 5000, 'label bounded');
    await waitFor(() => !reader.doc.getMap(PAD.meta).has('language'), 5000, 'language dropped');

    // Later edits to an existing shape are checked too.
    writer.doc.getMap<Y.Map<unknown>>(PAD.shapes).get('s1')!.set('label', 'ok\u200Fthen');
    await waitFor(() => label(reader.doc, 's1') === 'ok then', 5000, 'edit cleaned');
    writer.doc.getMap(PAD.meta).set('language', 'python');
    await waitFor(() => reader.doc.getMap(PAD.meta).get('language') === 'python', 5000, 'valid language kept');
    writer.doc.getMap<Y.Map<unknown>>(PAD.shapes).get('s2')!.set('label', 'evil\u202Eagain');
    await waitFor(() => label(reader.doc, 's2') === 'evil again', 5000, 'second edit cleaned');
    writer.destroy();
    reader.destroy();

    // The store itself, read directly (a load would clean it again and hide a fix never stored).
    await waitFor(() => server.server.registry.loadedCount === 0, 5000, 'pad unloaded');
    const stored = await server.server.store.loadDoc(docKey(room.room.id, 'pad'));
    const fromStore = new Y.Doc();
    if (stored.snapshot) Y.applyUpdate(fromStore, stored.snapshot);
    for (const u of stored.tail) Y.applyUpdate(fromStore, u.update);
    expect(label(fromStore, 's1')).toBe('ok then');
    expect(label(fromStore, 's2')).toBe('evil again');
    expect(fromStore.getMap(PAD.meta).get('language')).toBe('python');
    // … and the server's fixes are stored as its own edits.
    const log = await server.server.store.listUpdates(docKey(room.room.id, 'pad'));
    expect(log.filter((u) => u.author === 'server').length).toBeGreaterThanOrEqual(3);
  });
});
