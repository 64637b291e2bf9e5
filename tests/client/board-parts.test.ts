/**
 * The board's other parts without a browser, on real Yjs documents and awareness: the controller
 * that carries gestures and keys out through the writer, the keyboard map, the label editor's
 * draft, and remote presence.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import type { ShapeData } from '../../shared/schema.js';
import { BoardController } from '../../client/src/board/controller.js';
import { boardToScreen, type Point } from '../../client/src/board/geometry.js';
import { keyBinding, type KeyInput } from '../../client/src/board/keyboard.js';
import { LabelEditing } from '../../client/src/board/labels.js';
import { readShapes } from '../../client/src/board/model.js';
import { BoardPresence, CURSOR_INTERVAL_MS, readPresence, type BoardPresenceState } from '../../client/src/board/presence.js';
import { Viewport } from '../../client/src/board/viewport.js';
import { BoardWriter, createBoardUndoManager } from '../../client/src/board/writer.js';

/** One person's board on `doc`: a controller as the board component builds it, with nothing drawn. */
function person(doc = new Y.Doc(), options: { readOnly?: boolean; author?: string } = {}) {
  const origin = {};
  const undo = createBoardUndoManager(doc, origin);
  const writer = options.readOnly ? null : new BoardWriter(doc, origin, undo, options.author ?? 'p1');
  const viewport = new Viewport({ tx: 0, ty: 0, scale: 1 });
  viewport.resize({ width: 800, height: 600 }, null);
  const published: string[][] = [];
  const controller = new BoardController({ doc, viewport, writer: () => writer, onChange: () => {}, onSelect: (ids) => published.push([...ids]) });
  // The component re-reads the document once a frame; here, after every transaction.
  doc.on('afterTransaction', () => controller.refresh());
  const input = (p: Point, extra: { shift?: boolean; button?: number } = {}) => ({
    board: p,
    screen: boardToScreen(viewport.view, p),
    button: extra.button ?? 0,
    shift: extra.shift ?? false,
  });
  const drag = (points: Point[], escapeBeforeRelease = false) => {
    controller.pointerDown(input(points[0]!));
    for (const p of points.slice(1)) controller.pointerMove(input(p));
    if (escapeBeforeRelease) press('Escape');
    controller.pointerUp(input(points[points.length - 1]!));
  };
  const press = (key: string, mods: Partial<KeyInput> = {}) => controller.keyDown({ key, ctrl: false, meta: false, shift: false, alt: false, ...mods });
  return { doc, controller, viewport, undo, drag, press, published, shapes: (): ShapeData[] => readShapes(doc) };
}

describe('board controller', () => {
  it('draws a box from a drag, authored, selected, and undone in one step', () => {
    const p = person();
    p.controller.setTool('rect');
    p.drag([{ x: 100, y: 100 }, { x: 150, y: 140 }, { x: 260, y: 180 }]);
    const [rect] = p.shapes();
    expect(rect).toMatchObject({ type: 'rect', x: 100, y: 100, w: 160, h: 80, author: 'p1', z: 1 });
    expect([...p.controller.selection]).toEqual([rect!.id]);
    expect(p.controller.tool).toBe('select');
    expect(p.published.at(-1)).toEqual([rect!.id]);
    p.press('z', { ctrl: true });
    expect(p.shapes()).toEqual([]);
  });

  it('connects two boxes with an arrow that stays bound when one moves, and each gesture is one undo step', () => {
    const p = person();
    p.controller.addStencil('database');
    p.controller.addStencil('service');
    const [db, svc] = p.shapes();
    const centre = (s: ShapeData): Point => ({ x: s.x + s.w / 2, y: s.y + s.h / 2 });
    p.controller.setTool('arrow');
    p.drag([centre(db!), centre(svc!)]);
    const arrow = p.shapes().find((s) => s.type === 'arrow')!;
    expect(arrow).toMatchObject({ from: { shape: db!.id }, to: { shape: svc!.id } });
    p.controller.setTool('select');
    p.drag([centre(svc!), { x: centre(svc!).x + 30, y: centre(svc!).y + 100 }, { x: centre(svc!).x + 40, y: centre(svc!).y + 160 }]);
    expect(p.shapes().find((s) => s.id === svc!.id)).toMatchObject({ x: svc!.x + 40, y: svc!.y + 160 });
    p.press('z', { ctrl: true });
    expect(p.shapes().find((s) => s.id === svc!.id)).toMatchObject({ x: svc!.x, y: svc!.y });
    expect(p.shapes().some((s) => s.id === arrow.id)).toBe(true);
  });

  it('puts stencils side by side around the middle of what is shown', () => {
    const p = person();
    p.controller.addStencil('service');
    p.controller.addStencil('service');
    const [a, b] = p.shapes();
    expect(a!.x + a!.w / 2).toBe(400);
    expect(b!.x).toBeGreaterThan(a!.x + a!.w);
  });

  it('escape during a move puts the shapes back and keeps the selection', () => {
    const p = person();
    p.controller.addStencil('service');
    const [svc] = p.shapes();
    p.drag([{ x: svc!.x + 5, y: svc!.y + 5 }, { x: svc!.x + 100, y: svc!.y + 90 }], true);
    expect(p.shapes()[0]).toMatchObject({ x: svc!.x, y: svc!.y });
    expect(p.controller.gesture).toBeNull();
    expect(p.controller.selection.size).toBe(1);
  });

  it('escape during a drawing adds nothing; without a gesture it drops the selection and picks the select tool', () => {
    const p = person();
    p.controller.setTool('rect');
    p.drag([{ x: 100, y: 100 }, { x: 300, y: 300 }], true);
    expect(p.shapes()).toEqual([]);
    expect(p.controller.tool).toBe('rect');
    p.controller.addStencil('cache');
    p.press('Escape');
    expect(p.controller.selection.size).toBe(0);
    expect(p.controller.tool).toBe('select');
  });

  it('moves the selection with arrow keys, deletes it with the arrows bound to it, selects all', () => {
    const p = person();
    p.controller.addStencil('client');
    const [client] = p.shapes();
    p.press('ArrowRight');
    p.press('ArrowDown', { shift: true });
    expect(p.shapes()[0]).toMatchObject({ x: client!.x + 10, y: client!.y + 50 });
    p.press('z', { ctrl: true }); // each press is its own undo step
    expect(p.shapes()[0]).toMatchObject({ x: client!.x + 10, y: client!.y });
    p.press('z', { ctrl: true, shift: true });
    p.controller.addStencil('service');
    p.controller.setTool('arrow');
    const [c, s] = p.shapes();
    p.drag([{ x: c!.x + 5, y: c!.y + 5 }, { x: s!.x + 5, y: s!.y + 5 }]);
    expect(p.shapes()).toHaveLength(3);
    p.press('a', { ctrl: true });
    expect(p.controller.selection.size).toBe(3);
    p.press('Escape');
    p.controller.setTool('select');
    p.drag([{ x: c!.x + 5, y: c!.y + 5 }]);
    p.press('Delete');
    expect(p.shapes().map((x) => x.id)).toEqual([s!.id]);
  });

  it('edits a label from Enter or a double click, writes it once, and a new sticky note opens its editor', () => {
    const p = person();
    p.controller.addStencil('service');
    const [svc] = p.shapes();
    p.press('Enter');
    expect(p.controller.labels.current).toEqual({ id: svc!.id, value: 'Service' });
    expect(p.press('r')).toBe(false); // keys typed into the label are not shortcuts
    expect(p.controller.tool).toBe('select');
    p.controller.labels.input('Auth');
    expect(p.controller.commitLabel()).toBe(true);
    expect(p.controller.commitLabel()).toBe(false);
    expect(p.shapes()[0]!.label).toBe('Auth');
    p.controller.doubleClick({ x: svc!.x + 5, y: svc!.y + 5 });
    expect(p.controller.labels.current?.id).toBe(svc!.id);
    p.controller.labels.cancel();
    p.controller.setTool('sticky');
    p.drag([{ x: 600, y: 500 }]);
    const sticky = p.shapes().find((s) => s.type === 'sticky')!;
    expect(p.controller.labels.current).toEqual({ id: sticky.id, value: 'Note' });
    // Pressing on the board finishes the label being typed.
    p.controller.labels.input('Reads ≫ writes');
    p.drag([{ x: 5, y: 5 }]);
    expect(p.shapes().find((s) => s.id === sticky.id)!.label).toBe('Reads ≫ writes');
  });

  it('drops from the selection shapes someone else deleted', () => {
    const doc = new Y.Doc();
    const a = person(doc);
    const b = person(doc, { author: 'p2' });
    a.controller.addStencil('queue');
    const [queue] = a.shapes();
    b.press('a', { ctrl: true });
    expect(b.controller.selection.has(queue!.id)).toBe(true);
    a.press('Delete');
    expect(b.controller.selection.size).toBe(0);
  });

  it('read-only: writes nothing, every drag pans, and only view tools are offered by key', () => {
    const doc = new Y.Doc();
    const writer = person(doc);
    writer.controller.addStencil('service');
    const before = writer.shapes();
    const p = person(doc, { readOnly: true });
    p.controller.setTool('rect');
    p.drag([{ x: before[0]!.x + 5, y: before[0]!.y + 5 }, { x: 600, y: 500 }]);
    expect(p.viewport.view).not.toEqual({ tx: 0, ty: 0, scale: 1 });
    p.controller.addStencil('cache');
    p.press('a', { ctrl: true });
    p.press('Delete');
    p.press('ArrowRight');
    p.press('Enter');
    p.controller.doubleClick({ x: before[0]!.x + 5, y: before[0]!.y + 5 });
    expect(p.controller.labels.current).toBeNull();
    expect(p.shapes()).toEqual(before);
    expect(p.controller.resizable).toBeNull();
  });
});

describe('keyboard map', () => {
  const key = (k: string, mods: Partial<KeyInput> = {}): KeyInput => ({ key: k, ctrl: false, meta: false, shift: false, alt: false, ...mods });
  const editable = { readOnly: false, selectionSize: 1 };

  it('maps shortcuts to commands, and says which keys are the board’s', () => {
    expect(keyBinding(key('z', { ctrl: true }), editable)).toEqual({ command: { kind: 'undo' }, preventDefault: true });
    expect(keyBinding(key('Z', { meta: true, shift: true }), editable)?.command).toEqual({ kind: 'redo' });
    expect(keyBinding(key('y', { ctrl: true }), editable)?.command).toEqual({ kind: 'redo' });
    expect(keyBinding(key('a', { ctrl: true }), editable)?.command).toEqual({ kind: 'selectAll' });
    expect(keyBinding(key('Backspace'), editable)?.command).toEqual({ kind: 'delete' });
    expect(keyBinding(key('Escape'), editable)).toEqual({ command: { kind: 'escape' }, preventDefault: false });
    expect(keyBinding(key('ArrowLeft'), editable)?.command).toEqual({ kind: 'nudge', dx: -10, dy: 0 });
    expect(keyBinding(key('ArrowUp', { shift: true }), editable)?.command).toEqual({ kind: 'nudge', dx: 0, dy: -50 });
    expect(keyBinding(key('Enter'), editable)?.command).toEqual({ kind: 'editLabel' });
    expect(keyBinding(key('a'), editable)).toEqual({ command: { kind: 'tool', tool: 'arrow' }, preventDefault: false });
    expect(keyBinding(key('R', { shift: true }), editable)?.command).toEqual({ kind: 'tool', tool: 'rect' });
  });

  it('leaves other keys to the page', () => {
    expect(keyBinding(key('r', { alt: true }), editable)).toBeNull();
    expect(keyBinding(key('r', { ctrl: true }), editable)).toBeNull();
    expect(keyBinding(key('q'), editable)).toBeNull();
    expect(keyBinding(key('ArrowLeft'), { readOnly: false, selectionSize: 0 })).toBeNull();
    expect(keyBinding(key('Enter'), { readOnly: false, selectionSize: 2 })).toBeNull();
  });

  it('offers no editing to someone who may not write', () => {
    const readOnly = { readOnly: true, selectionSize: 1 };
    expect(keyBinding(key('r'), readOnly)).toBeNull();
    expect(keyBinding(key('Enter'), readOnly)).toBeNull();
    expect(keyBinding(key('ArrowLeft'), readOnly)).toBeNull();
    expect(keyBinding(key('h'), readOnly)?.command).toEqual({ kind: 'tool', tool: 'hand' });
    expect(keyBinding(key('v'), readOnly)?.command).toEqual({ kind: 'tool', tool: 'select' });
  });
});

describe('label draft', () => {
  it('finishes once (Enter and the blur after it), cut to the schema’s limit', () => {
    const seen: unknown[] = [];
    const labels = new LabelEditing((d) => seen.push(d));
    labels.start('s1', 'Old');
    labels.input('x'.repeat(250));
    expect(labels.finish()).toEqual({ id: 's1', value: 'x'.repeat(200) });
    expect(labels.finish()).toBeNull();
    expect(seen.at(-1)).toBeNull();
    labels.input('ignored');
    expect(labels.current).toBeNull();
  });

  it('cancel keeps nothing', () => {
    const labels = new LabelEditing(() => {});
    labels.start('s1', 'Old');
    labels.cancel();
    expect(labels.finish()).toBeNull();
  });
});

describe('presence', () => {
  const awarenesses: Awareness[] = [];
  afterEach(() => {
    for (const a of awarenesses.splice(0)) a.destroy();
  });

  /** Two people's awareness, relayed to each other as a provider would. */
  function pair(): [Awareness, Awareness] {
    const a = new Awareness(new Y.Doc());
    const b = new Awareness(new Y.Doc());
    awarenesses.push(a, b);
    for (const [from, to] of [[a, b], [b, a]] as const) {
      from.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
        applyAwarenessUpdate(to, encodeAwarenessUpdate(from, [...added, ...updated, ...removed]), 'relay');
      });
    }
    return [a, b];
  }

  it('reads others’ cursors and selections, distrusting every field', () => {
    const states = new Map<number, Record<string, unknown>>([
      [1, { user: { name: 'Me', color: '#000' }, boardCursor: { x: 1, y: 1 } }],
      [2, { user: { name: 'Bob', color: '#f00' }, boardCursor: { x: 5, y: 6 }, boardSelection: ['a', 7, 'b'] }],
      [3, { user: { name: 42 }, boardCursor: { x: 'no', y: 1 }, boardSelection: 'all' }],
      [4, { boardSelection: Array.from({ length: 600 }, (_, i) => `s${i}`) }],
    ]);
    const presence = readPresence(states, 1);
    expect(presence.cursors).toEqual([{ clientId: 2, name: 'Bob', color: '#f00', x: 5, y: 6 }]);
    expect(presence.selections.map((s) => [s.clientId, s.name, s.ids.length])).toEqual([
      [2, 'Bob', 2],
      [4, 'Someone', 500],
    ]);
  });

  it('publishes our cursor at most once per interval, our selection, and withdraws both', () => {
    const [mine, theirs] = pair();
    theirs.setLocalStateField('user', { name: 'Bob', color: '#f00' });
    mine.setLocalStateField('user', { name: 'Ines', color: '#0f0' });
    let now = 1000;
    let seen: BoardPresenceState = { cursors: [], selections: [] };
    const local = new BoardPresence(mine, () => {}, () => now);
    const remote = new BoardPresence(theirs, (p) => (seen = p));
    local.publishCursor({ x: 10.123, y: 20 });
    now += CURSOR_INTERVAL_MS - 1;
    local.publishCursor({ x: 50, y: 50 });
    expect(seen.cursors).toEqual([{ clientId: mine.clientID, name: 'Ines', color: '#0f0', x: 10.12, y: 20 }]);
    now += 1;
    local.publishCursor({ x: 50, y: 50 });
    expect(seen.cursors[0]).toMatchObject({ x: 50, y: 50 });
    local.publishSelection(new Set(['s1']));
    expect(seen.selections).toEqual([{ clientId: mine.clientID, name: 'Ines', color: '#0f0', ids: ['s1'] }]);
    local.publishCursor(null);
    expect(seen.cursors).toEqual([]);
    now += CURSOR_INTERVAL_MS;
    local.publishCursor({ x: 1, y: 1 });
    expect(seen.cursors).toHaveLength(1);
    local.dispose();
    expect(seen).toEqual({ cursors: [], selections: [] });
    expect(remote.read()).toEqual(seen);
  });
});
