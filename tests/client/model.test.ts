import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addShape, deleteShapes, readShape, readShapes, shapesOf, updateShapes } from '../../client/src/board/model.js';
import { PAD } from '../../shared/schema.js';

/** Two documents wired together the way the server relays updates. */
function pair(): [Y.Doc, Y.Doc] {
  const a = new Y.Doc();
  const b = new Y.Doc();
  a.on('update', (u: Uint8Array, origin: unknown) => origin !== 'remote' && Y.applyUpdate(b, u, 'remote'));
  b.on('update', (u: Uint8Array, origin: unknown) => origin !== 'remote' && Y.applyUpdate(a, u, 'remote'));
  return [a, b];
}

function undoFor(doc: Y.Doc, origin: object): Y.UndoManager {
  return new Y.UndoManager(shapesOf(doc), { trackedOrigins: new Set([origin]), captureTimeout: 0 });
}

describe('board model', () => {
  it('stores one Y.Map per shape and reads it back', () => {
    const doc = new Y.Doc();
    addShape(doc, 's1', { type: 'rect', x: 1, y: 2, w: 3, h: 4, z: 1, label: 'Service', stencil: 'service' }, null);
    expect(shapesOf(doc).get('s1')).toBeInstanceOf(Y.Map);
    expect(readShapes(doc)).toEqual([{ id: 's1', type: 'rect', x: 1, y: 2, w: 3, h: 4, z: 1, label: 'Service', stencil: 'service' }]);
  });

  it('skips malformed shapes instead of trusting them', () => {
    const doc = new Y.Doc();
    const bad = new Y.Map<unknown>();
    doc.getMap(PAD.shapes).set('x', bad);
    bad.set('type', 'script');
    expect(readShapes(doc)).toEqual([]);
    expect(readShape('y', 'not a map')).toBeNull();
  });

  it('merges concurrent moves of different shapes', () => {
    const [a, b] = pair();
    addShape(a, 's1', { type: 'rect', x: 0, y: 0, w: 10, h: 10, z: 1 }, null);
    addShape(a, 's2', { type: 'rect', x: 50, y: 0, w: 10, h: 10, z: 2 }, null);
    updateShapes(a, new Map([['s1', { x: 100 }]]), null);
    updateShapes(b, new Map([['s2', { y: 100 }]]), null);
    expect(readShapes(a)).toEqual(readShapes(b));
    expect(readShapes(b).map((s) => [s.x, s.y])).toEqual([[100, 0], [50, 100]]);
  });

  it('deletes arrows bound to a deleted shape', () => {
    const doc = new Y.Doc();
    addShape(doc, 'db', { type: 'database', x: 0, y: 0, w: 10, h: 10, z: 1 }, null);
    addShape(doc, 'svc', { type: 'rect', x: 50, y: 0, w: 10, h: 10, z: 2 }, null);
    addShape(doc, 'a', { type: 'arrow', x: 0, y: 0, w: 0, h: 0, z: 3, from: { shape: 'db' }, to: { shape: 'svc' } }, null);
    deleteShapes(doc, ['db'], null);
    expect(readShapes(doc).map((s) => s.id)).toEqual(['svc']);
  });

  it('undo reverts only your own changes', () => {
    const [a, b] = pair();
    const mineA = {};
    const mineB = {};
    const undoA = undoFor(a, mineA);
    addShape(a, 'svc', { type: 'rect', x: 0, y: 0, w: 10, h: 10, z: 1 }, mineA);
    updateShapes(a, new Map([['svc', { x: 200 }]]), mineA);
    addShape(b, 'client', { type: 'rect', x: 0, y: 100, w: 10, h: 10, z: 2 }, mineB);
    undoA.undo();
    expect(readShapes(b).map((s) => [s.id, s.x])).toEqual([['svc', 0], ['client', 0]]);
    undoA.undo();
    expect(readShapes(b).map((s) => s.id)).toEqual(['client']);
  });
});
