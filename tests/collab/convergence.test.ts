// Must show 1: two stock y-websocket clients (interviewer and candidate) converge on code and
// whiteboard edits; a third that joins later gets the full state.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { PAD } from '../../shared/schema.js';
import { connectProvider, createRoom, type ProviderClient } from '../helpers/clients.js';
import { startServer, waitFor, type TestServer } from '../helpers/server.js';

let server: TestServer;
const clients: ProviderClient[] = [];

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await server.close();
});

function addShape(doc: Y.Doc, id: string, fields: Record<string, unknown>) {
  const shape = new Y.Map<unknown>();
  for (const [k, v] of Object.entries(fields)) shape.set(k, v);
  doc.getMap<Y.Map<unknown>>(PAD.shapes).set(id, shape);
}

describe('document sync', () => {
  it('converges code and whiteboard edits between interviewer and candidate, and a late joiner gets everything', async () => {
    const room = await createRoom(server.url, { title: 'Convergence' });
    const candidate = await room.join('candidate', 'Cora');
    const a = await connectProvider(server.wsUrl, room.room.id, 'pad', room.hostToken);
    const b = await connectProvider(server.wsUrl, room.room.id, 'pad', candidate.token);
    clients.push(a, b);

    a.doc.getText(PAD.code).insert(0, 'function add(a, b) {\n}\n');
    await waitFor(() => b.doc.getText(PAD.code).toString().includes('function add'), 5000, 'candidate sees code');
    b.doc.getText(PAD.code).insert(b.doc.getText(PAD.code).length, '// candidate was here\n');
    addShape(b.doc, 'db', { id: 'db', type: 'database', x: 10, y: 10, w: 80, h: 60, z: 1, label: 'Users DB' });
    addShape(a.doc, 'svc', { id: 'svc', type: 'rect', x: 200, y: 10, w: 100, h: 60, z: 2, label: 'API' });
    a.doc.getMap(PAD.meta).set('language', 'python');

    const same = () =>
      a.doc.getText(PAD.code).toString() === b.doc.getText(PAD.code).toString() &&
      a.doc.getMap(PAD.shapes).size === 2 &&
      b.doc.getMap(PAD.shapes).size === 2 &&
      b.doc.getMap(PAD.meta).get('language') === 'python';
    await waitFor(same, 5000, 'both converge');
    expect(a.doc.getText(PAD.code).toString()).toContain('// candidate was here');
    expect((b.doc.getMap<Y.Map<unknown>>(PAD.shapes).get('svc'))?.get('label')).toBe('API');

    // Concurrent edits to different shapes never conflict.
    a.doc.getMap<Y.Map<unknown>>(PAD.shapes).get('db')!.set('x', 50);
    b.doc.getMap<Y.Map<unknown>>(PAD.shapes).get('svc')!.set('x', 400);
    await waitFor(
      () =>
        a.doc.getMap<Y.Map<unknown>>(PAD.shapes).get('svc')!.get('x') === 400 &&
        b.doc.getMap<Y.Map<unknown>>(PAD.shapes).get('db')!.get('x') === 50,
      5000,
      'moves converge',
    );

    const observer = await room.join('observer', 'Otto');
    const late = await connectProvider(server.wsUrl, room.room.id, 'pad', observer.token);
    clients.push(late);
    await waitFor(() => late.doc.getText(PAD.code).toString() === a.doc.getText(PAD.code).toString(), 5000, 'late joiner');
    expect(Y.encodeStateAsUpdate(late.doc).length).toBeGreaterThan(0);
    expect(late.doc.getMap(PAD.shapes).size).toBe(2);
    expect(late.doc.getMap(PAD.meta).get('language')).toBe('python');
  });
});
