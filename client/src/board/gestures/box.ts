/**
 * The box tools (rectangle, ellipse, diamond, database, text, sticky note): drag to draw one, or
 * click for one of the default size centred on the pointer. A text or sticky box opens its label
 * editor at once; every box hands the pointer back to the select tool.
 */
import { boxFromPoints, distance, MIN_SIZE, type Point } from '../geometry.js';
import { DEFAULT_LABEL, DEFAULT_SIZE, type BoxType } from '../tools.js';
import { roundBox } from './helpers.js';
import { CLICK_SLOP, type GestureMachine } from './types.js';

export interface BoxGesture {
  kind: 'box';
  type: BoxType;
  start: Point;
  current: Point;
  /** Where the press was on screen: whether it was a click is judged in screen pixels. */
  screenStart: Point;
}

export function boxTool(type: BoxType): GestureMachine<BoxGesture> {
  return {
    down(input) {
      return { state: { kind: 'box', type, start: input.board, current: input.board, screenStart: input.screen }, effects: [] };
    },

    move(g, input) {
      return { state: { ...g, current: input.board }, effects: [] };
    },

    up(g, input) {
      const p = input.board;
      const size = DEFAULT_SIZE[g.type];
      const box = distance(input.screen, g.screenStart) < CLICK_SLOP ? { x: p.x - size.w / 2, y: p.y - size.h / 2, ...size } : boxFromPoints(g.start, p);
      const label = DEFAULT_LABEL[g.type];
      const shape = { type: g.type, ...roundBox({ ...box, w: Math.max(box.w, MIN_SIZE), h: Math.max(box.h, MIN_SIZE) }), ...(label ? { label } : {}) };
      return [
        { kind: 'add', shape, select: true, editLabel: label !== undefined },
        { kind: 'tool', tool: 'select' },
      ];
    },

    cancel() {
      return [];
    },
  };
}
