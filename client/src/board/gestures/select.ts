/**
 * The select tool: press on a resize handle to resize, on a shape to select and move it (shift
 * toggles it in the selection), on empty board to draw a marquee that selects what it touches.
 */
import type { ShapeData } from '../../../../shared/schema.js';
import { boardToScreen, boxFromPoints, handlePoint, HANDLES, resizeBox, shapeAt, shapesInBox, type Box, type Handle, type Point } from '../geometry.js';
import { movePatches, roundBox, selectedShapes } from './helpers.js';
import { CLICK_SLOP, HANDLE_REACH, hitTolerance, type BoardSnapshot, type Effect, type GestureMachine, type PointerInput } from './types.js';

export type SelectGesture =
  /** `moved` stays false until the pointer leaves the click slop, so a click never nudges. */
  | { kind: 'move'; start: Point; origins: ReadonlyMap<string, ShapeData>; moved: boolean }
  | { kind: 'resize'; id: string; handle: Handle; start: Point; box0: Box }
  /** `base`: kept selected whatever the marquee touches (shift); `before`: restored by cancel. */
  | { kind: 'marquee'; start: Point; current: Point; base: ReadonlySet<string>; before: ReadonlySet<string> };

/** The one selected shape that shows resize handles: a box, not an arrow or a stroke. */
export function resizableShape(board: Pick<BoardSnapshot, 'shapes' | 'selection'>): ShapeData | null {
  if (board.selection.size !== 1) return null;
  const [id] = board.selection;
  const shape = board.shapes.find((s) => s.id === id);
  return shape && shape.type !== 'arrow' && shape.type !== 'pen' ? shape : null;
}

/** The resize handle under screen point `screen`, if any. */
export function handleAt(board: BoardSnapshot, screen: Point): { shape: ShapeData; handle: Handle } | null {
  const shape = resizableShape(board);
  if (!shape) return null;
  for (const handle of HANDLES) {
    const hp = boardToScreen(board.view, handlePoint(shape, handle));
    if (Math.abs(hp.x - screen.x) <= HANDLE_REACH && Math.abs(hp.y - screen.y) <= HANDLE_REACH) return { shape, handle };
  }
  return null;
}

function select(ids: Iterable<string>): Effect {
  return { kind: 'select', ids: new Set(ids) };
}

export const selectTool: GestureMachine<SelectGesture> = {
  down(input, board) {
    const p = input.board;
    const grabbed = handleAt(board, input.screen);
    if (grabbed) return { state: { kind: 'resize', id: grabbed.shape.id, handle: grabbed.handle, start: p, box0: grabbed.shape }, effects: [] };
    const hit = shapeAt(board.shapes, p, hitTolerance(board.view));
    if (!hit) {
      const base = input.shift ? new Set(board.selection) : new Set<string>();
      return { state: { kind: 'marquee', start: p, current: p, base, before: board.selection }, effects: [select(base)] };
    }
    let selection = new Set(board.selection);
    if (input.shift) {
      if (selection.has(hit.id)) selection.delete(hit.id);
      else selection.add(hit.id);
    } else if (!selection.has(hit.id)) {
      selection = new Set([hit.id]);
    }
    const origins = selectedShapes(board.shapes, selection);
    return { state: { kind: 'move', start: p, origins, moved: false }, effects: [select(selection)] };
  },

  move(g, input, board) {
    const p = input.board;
    switch (g.kind) {
      case 'move': {
        const dx = p.x - g.start.x;
        const dy = p.y - g.start.y;
        if (!g.moved && Math.hypot(dx, dy) * board.view.scale < CLICK_SLOP) return { state: g, effects: [] };
        return { state: { ...g, moved: true }, effects: [{ kind: 'patch', patches: movePatches(g.origins, dx, dy) }] };
      }
      case 'resize': {
        const box = resizeBox(g.box0, g.handle, p.x - g.start.x, p.y - g.start.y);
        return { state: g, effects: [{ kind: 'patch', patches: new Map([[g.id, roundBox(box)]]) }] };
      }
      case 'marquee': {
        const hits = shapesInBox(board.shapes, boxFromPoints(g.start, p)).map((s) => s.id);
        return { state: { ...g, current: p }, effects: [select([...g.base, ...hits])] };
      }
    }
  },

  up(g) {
    return g.kind === 'marquee' ? [] : [{ kind: 'checkpoint' }];
  },

  cancel(g) {
    switch (g.kind) {
      case 'move':
        return g.moved ? [{ kind: 'patch', patches: movePatches(g.origins, 0, 0) }, { kind: 'checkpoint' }] : [];
      case 'resize':
        return [{ kind: 'patch', patches: new Map([[g.id, roundBox(g.box0)]]) }, { kind: 'checkpoint' }];
      case 'marquee':
        return [select(g.before)];
    }
  },
};
