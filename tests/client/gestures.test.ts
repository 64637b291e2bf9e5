/**
 * The board's gesture machines without a browser: feed them pointer events and a snapshot of the
 * board, read back the effects they ask for.
 */
import { describe, expect, it } from 'vitest';
import type { ShapeData } from '../../shared/schema.js';
import { boardToScreen, MIN_SIZE, type Point, type View } from '../../client/src/board/geometry.js';
import {
  cancelGesture,
  endGesture,
  moveGesture,
  startGesture,
  type BoardSnapshot,
  type Effect,
  type Gesture,
  type PointerInput,
} from '../../client/src/board/gestures/index.js';
import { DEFAULT_SIZE, type Tool } from '../../client/src/board/tools.js';

function shape(id: string, type: ShapeData['type'], x: number, y: number, w: number, h: number, extra: Partial<ShapeData> = {}): ShapeData {
  return { id, type, x, y, w, h, z: 1, ...extra };
}

const db = shape('db', 'database', 0, 0, 100, 80);
const svc = shape('svc', 'rect', 300, 0, 100, 80, { z: 2 });
const link = shape('link', 'arrow', 0, 0, 0, 0, { z: 3, from: { shape: 'db' }, to: { x: 200, y: 300 } });
const ink = shape('ink', 'pen', 0, 200, 50, 50, { z: 4, points: [[0, 0], [50, 50]] });

function board(selection: string[] = [], view: View = { tx: 0, ty: 0, scale: 1 }, shapes: ShapeData[] = [db, svc, link, ink]): BoardSnapshot {
  return { shapes, selection: new Set(selection), view };
}

/** A pointer at board point `p`, as the board component would report it. */
function at(b: BoardSnapshot, p: Point, extra: Partial<PointerInput> = {}): PointerInput {
  return { board: p, screen: boardToScreen(b.view, p), button: 0, shift: false, ...extra };
}

/** Press at the first point, move through the rest, release at the last: the effects of each phase. */
function drag(tool: Tool, b: BoardSnapshot, points: Point[], extra: Partial<PointerInput> = {}): { down: Effect[]; moves: Effect[][]; up: Effect[]; last: Gesture | null } {
  const first = startGesture(tool, at(b, points[0]!, extra), b);
  let g = first.state;
  const moves: Effect[][] = [];
  for (const p of points.slice(1)) {
    const step = moveGesture(g!, at(b, p, extra), b);
    g = step.state;
    moves.push(step.effects);
  }
  const up = g ? endGesture(g, at(b, points[points.length - 1]!, extra), b) : [];
  return { down: first.effects, moves, up, last: g };
}

function added(effects: Effect[]): Extract<Effect, { kind: 'add' }> | undefined {
  return effects.find((e): e is Extract<Effect, { kind: 'add' }> => e.kind === 'add');
}

function selected(effects: Effect[]): string[] | undefined {
  const last = effects.filter((e): e is Extract<Effect, { kind: 'select' }> => e.kind === 'select').pop();
  return last ? [...last.ids].sort() : undefined;
}

function patches(effects: Effect[]): Map<string, Partial<ShapeData>> {
  const out = new Map<string, Partial<ShapeData>>();
  for (const e of effects) if (e.kind === 'patch') for (const [id, p] of e.patches) out.set(id, p);
  return out;
}

describe('box tools', () => {
  it('draw the box dragged, select it and hand back to the select tool, as one undo step', () => {
    const r = drag('rect', board(), [{ x: 500, y: 100 }, { x: 600, y: 150 }, { x: 660, y: 180 }]);
    expect(r.down[0]).toEqual({ kind: 'checkpoint' });
    expect(r.moves.flat()).toEqual([]);
    expect(r.up).toEqual([
      { kind: 'add', shape: { type: 'rect', x: 500, y: 100, w: 160, h: 80 }, select: true, editLabel: false },
      { kind: 'tool', tool: 'select' },
    ]);
  });

  it('draw the same box whichever corner the drag starts from', () => {
    const r = drag('ellipse', board(), [{ x: 660, y: 180 }, { x: 500, y: 100 }]);
    expect(added(r.up)!.shape).toEqual({ type: 'ellipse', x: 500, y: 100, w: 160, h: 80 });
  });

  it('make a default-size box centred on a click (a tiny drag is a click, centred where it ends)', () => {
    const r = drag('diamond', board(), [{ x: 500, y: 500 }, { x: 502, y: 501 }]);
    const size = DEFAULT_SIZE.diamond;
    expect(added(r.up)!.shape).toEqual({ type: 'diamond', x: 502 - size.w / 2, y: 501 - size.h / 2, ...size });
  });

  it('judge a click in screen pixels: zoomed in, a drag of two board units is no click', () => {
    const zoomedIn = board([], { tx: 0, ty: 0, scale: 4 });
    const r = drag('rect', zoomedIn, [{ x: 500, y: 500 }, { x: 502, y: 502 }]);
    expect(added(r.up)!.shape).toMatchObject({ x: 500, y: 500, w: MIN_SIZE, h: MIN_SIZE });
  });

  it('never make a box thinner than the minimum size', () => {
    const r = drag('rect', board(), [{ x: 500, y: 500 }, { x: 700, y: 502 }]);
    expect(added(r.up)!.shape).toMatchObject({ w: 200, h: MIN_SIZE });
  });

  it('open the label editor on a new text or sticky note, with its default label', () => {
    for (const [tool, label] of [['text', 'Text'], ['sticky', 'Note']] as const) {
      const add = added(drag(tool, board(), [{ x: 500, y: 500 }]).up)!;
      expect(add.shape.label).toBe(label);
      expect(add.editLabel).toBe(true);
    }
  });

  it('draft the box while dragging', () => {
    const r = drag('rect', board(), [{ x: 10, y: 10 }, { x: 40, y: 30 }]);
    expect(r.last).toMatchObject({ kind: 'box', start: { x: 10, y: 10 }, current: { x: 40, y: 30 } });
  });
});

describe('arrow tool', () => {
  const center = (s: ShapeData): Point => ({ x: s.x + s.w / 2, y: s.y + s.h / 2 });

  it('binds both ends to the boxes under the pointer', () => {
    const add = added(drag('arrow', board(), [center(db), { x: 200, y: 40 }, center(svc)]).up)!;
    expect(add.shape).toMatchObject({ type: 'arrow', from: { shape: 'db' }, to: { shape: 'svc' } });
    expect(add.select).toBe(true);
  });

  it('leaves ends over nothing free, at the pointer', () => {
    const add = added(drag('arrow', board(), [{ x: 600.123, y: 500 }, center(svc)]).up)!;
    expect(add.shape.from).toEqual({ x: 600.12, y: 500 });
    expect(add.shape.to).toEqual({ shape: 'svc' });
    const free = added(drag('arrow', board(), [center(db), { x: 700, y: 700 }]).up)!;
    expect(free.shape).toMatchObject({ from: { shape: 'db' }, to: { x: 700, y: 700 } });
  });

  it('binds to boxes only, never to another arrow or a pen stroke', () => {
    const overArrow = { x: 100, y: 150 }; // on `link`, from db's centre towards (200, 300)
    const overInk = { x: 25, y: 225 };
    const add = added(drag('arrow', board(), [{ x: 600, y: 600 }, overArrow]).up)!;
    expect(add.shape.to).toEqual(overArrow);
    expect(added(drag('arrow', board(), [{ x: 600, y: 600 }, overInk]).up)!.shape.to).toEqual(overInk);
  });

  it('adds nothing for a drag too short to mean anything, or from a box onto itself', () => {
    expect(drag('arrow', board(), [{ x: 600, y: 600 }, { x: 605, y: 602 }]).up).toEqual([]);
    expect(drag('arrow', board(), [{ x: 10, y: 10 }, { x: 90, y: 70 }]).up).toEqual([]);
  });

  it('catches a box within a few screen pixels of its edge, fewer board units when zoomed in', () => {
    const near = { x: 402, y: 40 }; // 2 units right of svc: a box's edge is caught within half the hit tolerance
    expect(added(drag('arrow', board(), [{ x: 600, y: 600 }, near]).up)!.shape.to).toEqual({ shape: 'svc' });
    const zoomed = board([], { tx: 0, ty: 0, scale: 4 });
    expect(added(drag('arrow', zoomed, [{ x: 600, y: 600 }, near]).up)!.shape.to).toEqual(near);
  });
});

describe('select tool', () => {
  it('selects the shape clicked, and a click alone moves nothing', () => {
    const r = drag('select', board(), [{ x: 350, y: 40 }, { x: 351, y: 41 }]);
    expect(selected(r.down)).toEqual(['svc']);
    expect(patches(r.moves.flat()).size).toBe(0);
  });

  it('shift-click adds to the selection and removes what was in it', () => {
    expect(selected(drag('select', board(['db']), [{ x: 350, y: 40 }], { shift: true }).down)).toEqual(['db', 'svc']);
    expect(selected(drag('select', board(['db', 'svc']), [{ x: 350, y: 40 }], { shift: true }).down)).toEqual(['db']);
  });

  it('moves every selected shape while dragging; free arrow ends move, bound ends follow their box', () => {
    const r = drag('select', board(['db', 'link']), [{ x: 50, y: 40 }, { x: 60, y: 40 }, { x: 80, y: 60 }]);
    expect(selected(r.down)).toEqual(['db', 'link']);
    const last = patches(r.moves[r.moves.length - 1]!);
    expect(last.get('db')).toEqual({ x: 30, y: 20 });
    expect(last.get('link')).toEqual({ x: 30, y: 20, to: { x: 230, y: 320 } });
    expect(last.has('svc')).toBe(false);
    expect(r.up).toEqual([{ kind: 'checkpoint' }]);
  });

  it('resizes from a handle, never below the minimum size', () => {
    const b = board(['svc']);
    const grow = drag('select', b, [{ x: 400, y: 80 }, { x: 450, y: 120 }]);
    expect(grow.last).toMatchObject({ kind: 'resize', handle: 'se' });
    expect(patches(grow.moves.flat()).get('svc')).toEqual({ x: 300, y: 0, w: 150, h: 120 });
    const crush = drag('select', b, [{ x: 300, y: 0 }, { x: 500, y: 200 }]);
    expect(patches(crush.moves.flat()).get('svc')).toEqual({ x: 400 - MIN_SIZE, y: 80 - MIN_SIZE, w: MIN_SIZE, h: MIN_SIZE });
  });

  it('grabs a handle within a few screen pixels whatever the zoom', () => {
    const zoomed = board(['svc'], { tx: 10, ty: 10, scale: 0.5 });
    const r = drag('select', zoomed, [{ x: 400 + 12, y: 80 + 12 }]); // 6 screen px off the se corner
    expect(r.last).toMatchObject({ kind: 'resize', handle: 'se' });
  });

  it('shows no handles, so resizes nothing, for an arrow or several shapes', () => {
    expect(drag('select', board(['svc', 'db']), [{ x: 400, y: 80 }]).last).toMatchObject({ kind: 'move' });
    expect(drag('select', board(['link']), [{ x: 200, y: 300 }]).last?.kind).not.toBe('resize');
  });

  it('selects what a marquee touches; with shift, adds it to the selection', () => {
    const r = drag('select', board(['svc']), [{ x: -10, y: -10 }, { x: 80, y: 90 }, { x: 60, y: 60 }]);
    expect(selected(r.down)).toEqual([]);
    expect(selected(r.moves[0]!)).toEqual(['db', 'link']);
    expect(selected(r.moves[1]!)).toEqual(['db']); // shrinking the marquee lets go again
    const withShift = drag('select', board(['svc']), [{ x: -10, y: -10 }, { x: 80, y: 90 }], { shift: true });
    expect(selected(withShift.moves[0]!)).toEqual(['db', 'link', 'svc']);
    expect(r.up).toEqual([]);
  });
});

describe('pen', () => {
  it('adds one stroke, relative to its own bounds, unselected', () => {
    const add = added(drag('pen', board(), [{ x: 600, y: 600 }, { x: 610, y: 620 }, { x: 640, y: 610 }]).up)!;
    expect(add.shape).toEqual({ type: 'pen', x: 600, y: 600, w: 40, h: 20, points: [[0, 0], [10, 20], [40, 10]] });
    expect(add.select).toBe(false);
  });

  it('adds nothing for a press without a move', () => {
    expect(drag('pen', board(), [{ x: 600, y: 600 }]).up).toEqual([]);
  });
});

describe('panning', () => {
  it('follows the pointer in screen pixels with the hand tool', () => {
    const b = board([], { tx: 5, ty: 5, scale: 2 });
    const r = drag('hand', b, [{ x: 0, y: 0 }, { x: 10, y: 5 }]);
    expect(r.down).toEqual([]);
    expect(r.moves[0]).toEqual([{ kind: 'view', view: { tx: 25, ty: 15, scale: 2 } }]);
  });

  it('always pans with the middle button; the secondary button does nothing', () => {
    expect(drag('rect', board(), [{ x: 0, y: 0 }, { x: 10, y: 0 }], { button: 1 }).moves[0]).toEqual([{ kind: 'view', view: { tx: 10, ty: 0, scale: 1 } }]);
    expect(startGesture('rect', at(board(), { x: 0, y: 0 }, { button: 2 }), board())).toEqual({ state: null, effects: [] });
  });
});

describe('escape cancels the gesture in progress', () => {
  function cancelAfter(tool: Tool, b: BoardSnapshot, points: Point[]): Effect[] {
    const r = drag(tool, b, points);
    return cancelGesture(r.last!, b);
  }

  it('puts moved shapes back where they were', () => {
    const effects = cancelAfter('select', board(['db', 'link']), [{ x: 50, y: 40 }, { x: 150, y: 90 }]);
    const back = patches(effects);
    expect(back.get('db')).toEqual({ x: 0, y: 0 });
    expect(back.get('link')).toEqual({ x: 0, y: 0, to: { x: 200, y: 300 } });
    expect(effects[effects.length - 1]).toEqual({ kind: 'checkpoint' });
  });

  it('writes nothing when the shape never left the click slop', () => {
    expect(cancelAfter('select', board(), [{ x: 50, y: 40 }, { x: 51, y: 40 }])).toEqual([]);
  });

  it('restores a resized box', () => {
    expect(patches(cancelAfter('select', board(['svc']), [{ x: 400, y: 80 }, { x: 500, y: 200 }])).get('svc')).toEqual({ x: 300, y: 0, w: 100, h: 80 });
  });

  it('gives back the selection a marquee replaced', () => {
    expect(selected(cancelAfter('select', board(['svc']), [{ x: -10, y: -10 }, { x: 60, y: 60 }]))).toEqual(['svc']);
  });

  it('adds no box, arrow or stroke', () => {
    expect(cancelAfter('rect', board(), [{ x: 500, y: 500 }, { x: 600, y: 600 }])).toEqual([]);
    expect(cancelAfter('arrow', board(), [{ x: 50, y: 40 }, { x: 350, y: 40 }])).toEqual([]);
    expect(cancelAfter('pen', board(), [{ x: 500, y: 500 }, { x: 600, y: 600 }])).toEqual([]);
  });

  it('returns a pan to where it started', () => {
    const b = board([], { tx: 5, ty: 5, scale: 1 });
    expect(cancelAfter('hand', b, [{ x: 0, y: 0 }, { x: 100, y: 100 }])).toEqual([{ kind: 'view', view: b.view }]);
  });
});
