/**
 * The board's text view without a browser: how shapes read, the list's order, its keys, and the
 * controller calls it makes (add, connect, move, resize, label, delete) on a real Yjs document.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { ShapeData } from '../../shared/schema.js';
import { BoardController } from '../../client/src/board/controller.js';
import { lookupOf, MIN_SIZE } from '../../client/src/board/geometry.js';
import { readShapes } from '../../client/src/board/model.js';
import { connectable, connectorShape, describeShape, outlineKey, outlineOrder, resizePatch, shapeName } from '../../client/src/board/outline.js';
import { Viewport } from '../../client/src/board/viewport.js';
import { BoardWriter, createBoardUndoManager } from '../../client/src/board/writer.js';

const box = (id: string, over: Partial<ShapeData> = {}): ShapeData => ({ id, type: 'rect', x: 0, y: 0, w: 100, h: 50, z: 1, ...over });
const key = (k: string, mods: { shift?: boolean; alt?: boolean; ctrl?: boolean } = {}) => ({ key: k, ctrl: mods.ctrl ?? false, meta: false, shift: mods.shift ?? false, alt: mods.alt ?? false });

function board(readOnly = false) {
  const doc = new Y.Doc();
  const origin = {};
  const undo = createBoardUndoManager(doc, origin);
  const writer = readOnly ? null : new BoardWriter(doc, origin, undo, 'p1');
  const viewport = new Viewport({ tx: 0, ty: 0, scale: 1 });
  viewport.resize({ width: 800, height: 600 }, null);
  const controller = new BoardController({ doc, viewport, writer: () => writer, onChange: () => {} });
  doc.on('afterTransaction', () => controller.refresh());
  return { doc, controller, undo };
}

describe('board text view: reading', () => {
  it('describes boxes with type, label, place and size, and arrows by the boxes they join', () => {
    const api = box('a1', { label: 'API', x: 120.4, y: 80, w: 140, h: 70 });
    const db = box('d1', { type: 'database', label: 'Orders', x: 400, y: 80, w: 120, h: 90, z: 2 });
    const arrow: ShapeData = { ...box('r1', { type: 'arrow', z: 3 }), from: { shape: 'a1' }, to: { shape: 'd1' }, label: 'writes' };
    const lookup = lookupOf([api, db, arrow]);
    expect(describeShape(api, lookup)).toBe('Rectangle “API”, at 120, 80, 140 by 70');
    expect(describeShape(db, lookup)).toBe('Database “Orders”, at 400, 80, 120 by 90');
    expect(describeShape(arrow, lookup)).toBe('Arrow “writes” from “API” to “Orders”');
    const free: ShapeData = { ...box('r2', { type: 'arrow' }), from: { x: 1, y: 2 }, to: { shape: 'gone' } };
    expect(describeShape(free, lookup)).toBe('Arrow from point 1, 2 to nothing');
    expect(shapeName(box('abcdef', { type: 'ellipse' }))).toBe('ellipse abcd');
  });

  it('lists boxes, then arrows, then drawings, each in the order made, and only boxes can be connected', () => {
    const shapes = [box('p', { type: 'pen', z: 1 }), box('ar', { type: 'arrow', z: 2 }), box('b', { z: 5, y: -100 }), box('a', { z: 3, y: 500 })];
    expect(outlineOrder(shapes).map((s) => s.id)).toEqual(['a', 'b', 'ar', 'p']);
    expect(connectable(shapes).map((s) => s.id)).toEqual(['a', 'b']);
  });
});

describe('board text view: keys and geometry', () => {
  it('arrows move, Alt+arrows resize, Shift takes bigger steps, F2 labels, Delete removes', () => {
    const s = box('a');
    expect(outlineKey(key('ArrowRight'), s)).toEqual({ kind: 'move', dx: 10, dy: 0 });
    expect(outlineKey(key('ArrowUp', { shift: true }), s)).toEqual({ kind: 'move', dx: 0, dy: -50 });
    expect(outlineKey(key('ArrowDown', { alt: true }), s)).toEqual({ kind: 'resize', dw: 0, dh: 10 });
    expect(outlineKey(key('ArrowLeft', { alt: true, shift: true }), s)).toEqual({ kind: 'resize', dw: -50, dh: 0 });
    expect(outlineKey(key('F2'), s)).toEqual({ kind: 'editLabel' });
    expect(outlineKey(key('Delete'), s)).toEqual({ kind: 'delete' });
    expect(outlineKey(key('ArrowRight', { ctrl: true }), s)).toBeNull();
    expect(outlineKey(key('x'), s)).toBeNull();
    // An arrow follows its boxes: it is neither moved nor resized on its own, but can be labelled and deleted.
    const arrow = box('r', { type: 'arrow' });
    expect(outlineKey(key('ArrowRight'), arrow)).toBeNull();
    expect(outlineKey(key('F2'), arrow)).toEqual({ kind: 'editLabel' });
    expect(outlineKey(key('ArrowRight', { alt: true }), box('p', { type: 'pen' }))).toBeNull();
  });

  it('resizes at the bottom-right corner, never below the minimum size; a connector spans the two centres', () => {
    expect(resizePatch(box('a'), 30, -10)).toEqual({ w: 130, h: 40 });
    expect(resizePatch(box('a'), -500, -500)).toEqual({ w: MIN_SIZE, h: MIN_SIZE });
    const c = connectorShape(box('a', { x: 0, y: 0 }), box('b', { x: 200, y: 100 }), '  calls ');
    expect(c).toEqual({ type: 'arrow', x: 50, y: 25, w: 200, h: 100, from: { shape: 'a' }, to: { shape: 'b' }, label: 'calls' });
  });
});

describe('board text view: editing through the controller', () => {
  it('adds two boxes, connects them, moves, resizes, relabels and deletes, each undoable', () => {
    const { doc, controller, undo } = board();
    const a = controller.addBox('rect', 'API')!;
    const b = controller.addBox('database', '')!;
    let shapes = readShapes(doc);
    expect(shapes.map((s) => [s.type, s.label])).toEqual([['rect', 'API'], ['database', undefined]]);
    // Free spots: the two boxes do not overlap.
    const [sa, sb] = [shapes.find((s) => s.id === a)!, shapes.find((s) => s.id === b)!];
    expect(sa.x + sa.w <= sb.x || sb.x + sb.w <= sa.x || sa.y + sa.h <= sb.y || sb.y + sb.h <= sa.y).toBe(true);

    const arrow = controller.connect(a, b, 'reads')!;
    expect([...controller.selection]).toEqual([arrow]);
    expect(readShapes(doc).find((s) => s.id === arrow)).toMatchObject({ type: 'arrow', from: { shape: a }, to: { shape: b }, label: 'reads' });
    expect(controller.connect(a, a)).toBeNull();

    controller.move(a, 10, -50);
    controller.resize(a, 20, 10);
    controller.setLabel(b, 'Orders');
    shapes = readShapes(doc);
    expect(shapes.find((s) => s.id === a)).toMatchObject({ x: sa.x + 10, y: sa.y - 50, w: sa.w + 20, h: sa.h + 10 });
    expect(shapes.find((s) => s.id === b)?.label).toBe('Orders');

    undo.undo(); // the label
    undo.undo(); // the resize
    expect(readShapes(doc).find((s) => s.id === a)).toMatchObject({ x: sa.x + 10, w: sa.w });
    expect(readShapes(doc).find((s) => s.id === b)?.label).toBeUndefined();

    // Deleting a box takes the arrow bound to it along.
    controller.remove(b);
    expect(readShapes(doc).map((s) => s.id)).toEqual([a]);
  });

  it('someone who may not write changes nothing', () => {
    const { doc, controller } = board(true);
    expect(controller.addBox('rect', 'X')).toBeNull();
    expect(readShapes(doc)).toEqual([]);
  });
});
