/** The pen: a freehand stroke, stored relative to its own bounding box. A press alone adds nothing. */
import { normalizeStroke, type Point } from '../geometry.js';
import { roundBox } from './helpers.js';
import type { GestureMachine } from './types.js';

export interface PenGesture {
  kind: 'pen';
  points: readonly Point[];
}

export const penTool: GestureMachine<PenGesture> = {
  down(input) {
    return { state: { kind: 'pen', points: [input.board] }, effects: [] };
  },

  move(g, input) {
    return { state: { kind: 'pen', points: [...g.points, input.board] }, effects: [] };
  },

  up(g) {
    if (g.points.length < 2) return [];
    const stroke = normalizeStroke(g.points);
    return [{ kind: 'add', shape: { type: 'pen', ...roundBox(stroke.box), points: stroke.points }, select: false, editLabel: false }];
  },

  cancel() {
    return [];
  },
};
