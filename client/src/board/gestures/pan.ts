/** Panning: the hand tool, the middle button, and every drag of someone who may not write. */
import type { Point, View } from '../geometry.js';
import type { GestureMachine } from './types.js';

export interface PanGesture {
  kind: 'pan';
  /** Screen point of the press: panning follows the pointer in screen pixels, whatever the zoom. */
  start: Point;
  view0: View;
}

export const panTool: GestureMachine<PanGesture> = {
  down(input, board) {
    return { state: { kind: 'pan', start: input.screen, view0: board.view }, effects: [] };
  },

  move(g, input) {
    const view = { ...g.view0, tx: g.view0.tx + input.screen.x - g.start.x, ty: g.view0.ty + input.screen.y - g.start.y };
    return { state: g, effects: [{ kind: 'view', view }] };
  },

  up() {
    return [];
  },

  cancel(g) {
    return [{ kind: 'view', view: g.view0 }];
  },
};
