/** Small pure helpers the gesture machines (and the keyboard's nudge) share. */
import type { ShapeData } from '../../../../shared/schema.js';
import { round, type Box } from '../geometry.js';

/** Arrows attach to boxes only, never to other arrows or pen strokes. */
export function bindable(shape: ShapeData): boolean {
  return shape.type !== 'arrow' && shape.type !== 'pen';
}

/** Every shape but a pen stroke carries a label (an arrow's sits at its middle). */
export function labellable(shape: ShapeData): boolean {
  return shape.type !== 'pen';
}

export function roundBox(box: Box): Box {
  return { x: round(box.x), y: round(box.y), w: round(box.w), h: round(box.h) };
}

/** New positions for shapes moved by (dx, dy): boxes shift, free arrow ends shift, bound ends follow their shape. */
export function movePatches(origins: ReadonlyMap<string, ShapeData>, dx: number, dy: number): Map<string, Partial<ShapeData>> {
  const patches = new Map<string, Partial<ShapeData>>();
  for (const [id, s] of origins) {
    const patch: Partial<ShapeData> = { x: round(s.x + dx), y: round(s.y + dy) };
    if (s.type === 'arrow') {
      if (s.from && !('shape' in s.from)) patch.from = { x: round(s.from.x + dx), y: round(s.from.y + dy) };
      if (s.to && !('shape' in s.to)) patch.to = { x: round(s.to.x + dx), y: round(s.to.y + dy) };
    }
    patches.set(id, patch);
  }
  return patches;
}

/** The selected shapes, by id, as they are now (the starting point of a move). */
export function selectedShapes(shapes: readonly ShapeData[], selection: ReadonlySet<string>): Map<string, ShapeData> {
  return new Map(shapes.filter((s) => selection.has(s.id)).map((s) => [s.id, s]));
}
