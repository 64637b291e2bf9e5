/**
 * The board's text view as pure data: every shape as one line a screen reader can read ("Rectangle
 * “API”, at 120, 80, 140 by 70"; "Arrow from “API” to “DB”"), and the keys that edit the shape
 * whose line has focus. The text view (`BoardOutline.tsx`) is also the keyboard way to edit the
 * board: it reaches the same BoardController calls the pointer does.
 */
import type { NewShape } from './gestures/index.js';
import { resizeBox, round, type ShapeLookup } from './geometry.js';
import { NUDGE_STEP, NUDGE_STEP_LARGE, type KeyInput } from './keyboard.js';
import type { BoxType } from './tools.js';
import type { ShapeData } from '../../../shared/schema.js';

/** Shape types the text view can add, with the names it reads out. */
export const BOX_TYPES: readonly BoxType[] = ['rect', 'ellipse', 'diamond', 'database', 'text', 'sticky'];

const TYPE_NAMES: Record<ShapeData['type'], string> = {
  rect: 'Rectangle',
  ellipse: 'Ellipse',
  diamond: 'Diamond',
  database: 'Database',
  text: 'Text',
  sticky: 'Sticky note',
  arrow: 'Arrow',
  pen: 'Drawing',
};

export function typeName(type: ShapeData['type']): string {
  return TYPE_NAMES[type];
}

/** What a shape is called in sentences: its label, else its type and place in the list. */
export function shapeName(shape: ShapeData | undefined): string {
  if (!shape) return 'nothing';
  const label = shape.label?.trim();
  return label ? `“${label}”` : `${typeName(shape.type).toLowerCase()} ${shape.id.slice(0, 4)}`;
}

function endName(end: ShapeData['from'], lookup: ShapeLookup): string {
  if (!end) return 'nowhere';
  if ('shape' in end) return shapeName(lookup(end.shape));
  return `point ${Math.round(end.x)}, ${Math.round(end.y)}`;
}

/** One line describing a shape, as the text view lists it and a screen reader reads it. */
export function describeShape(shape: ShapeData, lookup: ShapeLookup): string {
  if (shape.type === 'arrow') {
    const label = shape.label?.trim() ? ` “${shape.label.trim()}”` : '';
    return `Arrow${label} from ${endName(shape.from, lookup)} to ${endName(shape.to, lookup)}`;
  }
  const label = shape.label?.trim() ? ` “${shape.label.trim()}”` : '';
  // Whole units: a screen reader reading "120.4" is noise.
  const n = Math.round;
  return `${typeName(shape.type)}${label}, at ${n(shape.x)}, ${n(shape.y)}, ${n(shape.w)} by ${n(shape.h)}`;
}

/**
 * The order of the list: boxes first, then arrows, then drawings, each in the order they were
 * made. Not by position: a line that moved under the keyboard would jump away from the focus.
 */
export function outlineOrder(shapes: readonly ShapeData[]): ShapeData[] {
  const rank = (s: ShapeData): number => (s.type === 'arrow' ? 1 : s.type === 'pen' ? 2 : 0);
  return [...shapes].sort((a, b) => rank(a) - rank(b) || a.z - b.z || (a.id < b.id ? -1 : 1));
}

/** Shapes an arrow can join (boxes, not arrows or drawings), in list order. */
export function connectable(shapes: readonly ShapeData[]): ShapeData[] {
  return outlineOrder(shapes).filter((s) => s.type !== 'arrow' && s.type !== 'pen');
}

/** A new arrow bound to two boxes; its own box spans their centres (the drawing follows the boxes). */
export function connectorShape(from: ShapeData, to: ShapeData, label?: string): NewShape {
  const a = { x: from.x + from.w / 2, y: from.y + from.h / 2 };
  const b = { x: to.x + to.w / 2, y: to.y + to.h / 2 };
  const shape: NewShape = {
    type: 'arrow',
    x: round(Math.min(a.x, b.x)),
    y: round(Math.min(a.y, b.y)),
    w: round(Math.abs(a.x - b.x)),
    h: round(Math.abs(a.y - b.y)),
    from: { shape: from.id },
    to: { shape: to.id },
  };
  if (label?.trim()) shape.label = label.trim();
  return shape;
}

/** `shape` grown (or shrunk) at its bottom-right corner, never below the board's minimum size. */
export function resizePatch(shape: ShapeData, dw: number, dh: number): Partial<ShapeData> {
  const box = resizeBox(shape, 'se', dw, dh);
  return { w: round(box.w), h: round(box.h) };
}

export type OutlineCommand =
  | { kind: 'move'; dx: number; dy: number }
  | { kind: 'resize'; dw: number; dh: number }
  | { kind: 'delete' }
  | { kind: 'editLabel' };

const DIRECTIONS: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };

/**
 * Keys on a focused line of the text view: arrows move the shape, Alt+arrows resize it (right and
 * down grow it), Shift takes the larger step; Delete removes it; F2 edits its label. Arrows and
 * drawings neither move nor resize on their own (they follow their boxes).
 */
export function outlineKey(input: KeyInput, shape: ShapeData): OutlineCommand | null {
  if (input.ctrl || input.meta) return null;
  if (input.key === 'Delete' || input.key === 'Backspace') return { kind: 'delete' };
  if (input.key === 'F2') return shape.type === 'pen' ? null : { kind: 'editLabel' };
  const dir = DIRECTIONS[input.key];
  if (!dir || shape.type === 'arrow') return null;
  const step = input.shift ? NUDGE_STEP_LARGE : NUDGE_STEP;
  if (input.alt) return shape.type === 'pen' ? null : { kind: 'resize', dw: dir[0] * step, dh: dir[1] * step };
  return { kind: 'move', dx: dir[0] * step, dy: dir[1] * step };
}
