/**
 * The arrow tool: drag from one point to another. An end pressed or released over a box is bound
 * to it (it follows the box from then on); elsewhere it is a free point. A drag too short to mean
 * anything, or from a box back onto itself, adds nothing.
 */
import { boxFromPoints, distance, round, shapeAt, type Point } from '../geometry.js';
import type { ArrowEnd } from '../../../../shared/schema.js';
import { bindable, roundBox } from './helpers.js';
import { CLICK_SLOP, hitTolerance, type GestureMachine } from './types.js';

export interface ArrowGesture {
  kind: 'arrow';
  start: Point;
  current: Point;
  /** The box the arrow starts on, or null for a free start. */
  fromId: string | null;
}

function freeEnd(p: Point): ArrowEnd {
  return { x: round(p.x), y: round(p.y) };
}

export const arrowTool: GestureMachine<ArrowGesture> = {
  down(input, board) {
    const from = shapeAt(board.shapes, input.board, hitTolerance(board.view), bindable);
    return { state: { kind: 'arrow', start: input.board, current: input.board, fromId: from?.id ?? null }, effects: [] };
  },

  move(g, input) {
    return { state: { ...g, current: input.board }, effects: [] };
  },

  up(g, input, board) {
    const p = input.board;
    const to = shapeAt(board.shapes, p, hitTolerance(board.view), bindable);
    const tooShort = distance(p, g.start) * board.view.scale < CLICK_SLOP * 2;
    if (tooShort || (to && to.id === g.fromId)) return [];
    const shape = {
      type: 'arrow' as const,
      ...roundBox(boxFromPoints(g.start, p)),
      from: g.fromId ? { shape: g.fromId } : freeEnd(g.start),
      to: to ? { shape: to.id } : freeEnd(p),
    };
    return [{ kind: 'add', shape, select: true, editLabel: false }];
  },

  cancel() {
    return [];
  },
};
