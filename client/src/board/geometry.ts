/**
 * Whiteboard geometry: pure functions over plain numbers and `ShapeData`, no DOM and no Yjs, so
 * hit tests, arrow attachment and the view transform are unit-tested directly.
 */
import type { ArrowEnd, ShapeData } from '../../../shared/schema.js';

export interface Point {
  x: number;
  y: number;
}

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Pan and zoom: a board point `p` is drawn at `p * scale + (tx, ty)` on screen. */
export interface View {
  tx: number;
  ty: number;
  scale: number;
}

export const MIN_SCALE = 0.2;
export const MAX_SCALE = 4;
/** Smallest width or height a resize leaves, so a shape never collapses to nothing. */
export const MIN_SIZE = 16;

export type Handle = 'nw' | 'ne' | 'sw' | 'se';
export const HANDLES: readonly Handle[] = ['nw', 'ne', 'sw', 'se'];

export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

export function screenToBoard(view: View, p: Point): Point {
  return { x: (p.x - view.tx) / view.scale, y: (p.y - view.ty) / view.scale };
}

export function boardToScreen(view: View, p: Point): Point {
  return { x: p.x * view.scale + view.tx, y: p.y * view.scale + view.ty };
}

/** Zooms by `factor` keeping the board point under `screenPoint` where it is. */
export function zoomAt(view: View, screenPoint: Point, factor: number): View {
  const scale = clamp(view.scale * factor, MIN_SCALE, MAX_SCALE);
  const anchor = screenToBoard(view, screenPoint);
  return { scale, tx: screenPoint.x - anchor.x * scale, ty: screenPoint.y - anchor.y * scale };
}

/** The box spanned by two corners given in any order. */
export function boxFromPoints(a: Point, b: Point): Box {
  return { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), w: Math.abs(a.x - b.x), h: Math.abs(a.y - b.y) };
}

export function center(box: Box): Point {
  return { x: box.x + box.w / 2, y: box.y + box.h / 2 };
}

export function boxContains(box: Box, p: Point, margin = 0): boolean {
  return p.x >= box.x - margin && p.x <= box.x + box.w + margin && p.y >= box.y - margin && p.y <= box.y + box.h + margin;
}

export function boxesIntersect(a: Box, b: Box): boolean {
  return a.x <= b.x + b.w && b.x <= a.x + a.w && a.y <= b.y + b.h && b.y <= a.y + a.h;
}

/** Whether all of `inner` lies within `outer`. */
export function containsBox(outer: Box, inner: Box): boolean {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.w <= outer.x + outer.w && inner.y + inner.h <= outer.y + outer.h;
}

/** The smallest box holding all `boxes`, or null for none. */
export function unionBoxes(boxes: readonly Box[]): Box | null {
  if (boxes.length === 0) return null;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const b of boxes) {
    minX = Math.min(minX, b.x);
    minY = Math.min(minY, b.y);
    maxX = Math.max(maxX, b.x + b.w);
    maxY = Math.max(maxY, b.y + b.h);
  }
  return { x: minX, y: minY, w: maxX - minX, h: maxY - minY };
}

export function distance(a: Point, b: Point): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

/** Distance from `p` to the segment `a`–`b`. */
export function distanceToSegment(p: Point, a: Point, b: Point): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const lengthSq = dx * dx + dy * dy;
  if (lengthSq === 0) return distance(p, a);
  const t = clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / lengthSq, 0, 1);
  return distance(p, { x: a.x + t * dx, y: a.y + t * dy });
}

/**
 * The point where the ray from the centre of `box` towards `toward` leaves the outline of a shape
 * of `type`. Arrows attach there, so they touch the outline instead of pointing at the centre.
 */
export function outlinePoint(type: ShapeData['type'], box: Box, toward: Point): Point {
  const c = center(box);
  const dx = toward.x - c.x;
  const dy = toward.y - c.y;
  const hw = box.w / 2;
  const hh = box.h / 2;
  if ((dx === 0 && dy === 0) || hw <= 0 || hh <= 0) return c;
  let t: number;
  if (type === 'ellipse') {
    t = 1 / Math.sqrt((dx * dx) / (hw * hw) + (dy * dy) / (hh * hh));
  } else if (type === 'diamond') {
    t = 1 / (Math.abs(dx) / hw + Math.abs(dy) / hh);
  } else {
    t = Math.min(dx === 0 ? Infinity : hw / Math.abs(dx), dy === 0 ? Infinity : hh / Math.abs(dy));
  }
  // Never past `toward` itself: a point inside the shape stays where it is.
  t = Math.min(t, 1);
  return { x: c.x + dx * t, y: c.y + dy * t };
}

export type ShapeLookup = (id: string) => ShapeData | undefined;

function isBound(end: ArrowEnd): end is { shape: string } {
  return 'shape' in end;
}

/** The point an arrow end refers to before attachment: a free point or the bound shape's centre. */
function endReference(end: ArrowEnd | undefined, lookup: ShapeLookup): { point: Point; shape: ShapeData | null } | null {
  if (!end) return null;
  if (isBound(end)) {
    const shape = lookup(end.shape);
    if (!shape || shape.type === 'arrow') return null;
    return { point: center(shape), shape };
  }
  return { point: { x: end.x, y: end.y }, shape: null };
}

/**
 * The two drawn endpoints of an arrow. A bound end sits on the outline of its shape, on the line
 * towards the other end, so it follows the shape whenever the shape moves. Null when an end's
 * shape is gone.
 */
export function arrowEndpoints(arrow: ShapeData, lookup: ShapeLookup): { from: Point; to: Point } | null {
  const a = endReference(arrow.from, lookup);
  const b = endReference(arrow.to, lookup);
  if (!a || !b) return null;
  const from = a.shape ? outlinePoint(a.shape.type, a.shape, b.point) : a.point;
  const to = b.shape ? outlinePoint(b.shape.type, b.shape, a.point) : b.point;
  return { from, to };
}

/** Board-space bounds of any shape; arrows are measured from their resolved endpoints. */
export function shapeBounds(shape: ShapeData, lookup: ShapeLookup): Box {
  if (shape.type === 'arrow') {
    const ends = arrowEndpoints(shape, lookup);
    if (ends) return boxFromPoints(ends.from, ends.to);
  }
  return { x: shape.x, y: shape.y, w: shape.w, h: shape.h };
}

/** Whether board point `p` hits `shape`; `tolerance` widens thin things (lines, strokes). */
export function hitTest(shape: ShapeData, p: Point, lookup: ShapeLookup, tolerance = 6): boolean {
  switch (shape.type) {
    case 'arrow': {
      const ends = arrowEndpoints(shape, lookup);
      return ends !== null && distanceToSegment(p, ends.from, ends.to) <= tolerance;
    }
    case 'pen': {
      const pts = shape.points ?? [];
      if (!boxContains(shape, p, tolerance)) return false;
      for (let i = 0; i < pts.length; i++) {
        const a = toPoint(shape, pts[i]);
        const b = toPoint(shape, pts[i + 1] ?? pts[i]);
        if (distanceToSegment(p, a, b) <= tolerance) return true;
      }
      return false;
    }
    case 'ellipse': {
      const c = center(shape);
      const rx = shape.w / 2 + tolerance;
      const ry = shape.h / 2 + tolerance;
      return ((p.x - c.x) ** 2) / (rx * rx) + ((p.y - c.y) ** 2) / (ry * ry) <= 1;
    }
    case 'diamond': {
      const c = center(shape);
      const hw = shape.w / 2 + tolerance;
      const hh = shape.h / 2 + tolerance;
      return Math.abs(p.x - c.x) / hw + Math.abs(p.y - c.y) / hh <= 1;
    }
    default:
      return boxContains(shape, p, tolerance / 2);
  }
}

function toPoint(shape: ShapeData, pt: number[] | undefined): Point {
  return { x: shape.x + (pt?.[0] ?? 0), y: shape.y + (pt?.[1] ?? 0) };
}

/** The topmost shape at `p` (highest `z`, then the later one), or null. */
export function shapeAt(shapes: readonly ShapeData[], p: Point, tolerance = 6, filter?: (s: ShapeData) => boolean): ShapeData | null {
  const lookup = lookupOf(shapes);
  let best: ShapeData | null = null;
  for (const shape of shapes) {
    if (filter && !filter(shape)) continue;
    if (!hitTest(shape, p, lookup, tolerance)) continue;
    if (!best || shape.z >= best.z) best = shape;
  }
  return best;
}

/** Shapes whose bounds meet `box` (the marquee of a multi-select). */
export function shapesInBox(shapes: readonly ShapeData[], box: Box): ShapeData[] {
  const lookup = lookupOf(shapes);
  return shapes.filter((s) => boxesIntersect(shapeBounds(s, lookup), box));
}

export function lookupOf(shapes: readonly ShapeData[]): ShapeLookup {
  const byId = new Map(shapes.map((s) => [s.id, s]));
  return (id) => byId.get(id);
}

/** `box` resized by dragging `handle` by (dx, dy), never smaller than MIN_SIZE either way. */
export function resizeBox(box: Box, handle: Handle, dx: number, dy: number): Box {
  let left = box.x;
  let top = box.y;
  let right = box.x + box.w;
  let bottom = box.y + box.h;
  if (handle === 'nw' || handle === 'sw') left = Math.min(left + dx, right - MIN_SIZE);
  else right = Math.max(right + dx, left + MIN_SIZE);
  if (handle === 'nw' || handle === 'ne') top = Math.min(top + dy, bottom - MIN_SIZE);
  else bottom = Math.max(bottom + dy, top + MIN_SIZE);
  return { x: left, y: top, w: right - left, h: bottom - top };
}

/** Where each resize handle of `box` sits. */
export function handlePoint(box: Box, handle: Handle): Point {
  return {
    x: handle === 'nw' || handle === 'sw' ? box.x : box.x + box.w,
    y: handle === 'nw' || handle === 'ne' ? box.y : box.y + box.h,
  };
}

/** Pen points relative to their own bounding box, ready to store as `ShapeData` of type pen. */
export function normalizeStroke(points: readonly Point[]): { box: Box; points: number[][] } {
  const box = unionBoxes(points.map((p) => ({ x: p.x, y: p.y, w: 0, h: 0 }))) ?? { x: 0, y: 0, w: 0, h: 0 };
  return { box, points: points.map((p) => [round(p.x - box.x), round(p.y - box.y)]) };
}

/** Two decimals are plenty for board coordinates and keep documents small. */
export function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/**
 * A place for a new `size`-d box near `near` that overlaps none of `taken`: tries positions on
 * growing rings around it, so stencils clicked one after another land side by side.
 */
export function findFreeSpot(taken: readonly Box[], near: Point, size: { w: number; h: number }, gap = 24): Box {
  const stepX = size.w + gap;
  const stepY = size.h + gap;
  const at = (i: number, j: number): Box => ({ x: near.x - size.w / 2 + i * stepX, y: near.y - size.h / 2 + j * stepY, w: size.w, h: size.h });
  const free = (b: Box): boolean => !taken.some((t) => boxesIntersect({ x: b.x - gap / 2, y: b.y - gap / 2, w: b.w + gap, h: b.h + gap }, t));
  for (let ring = 0; ring <= 6; ring++) {
    const cells: [number, number][] = [];
    for (let j = -ring; j <= ring; j++) {
      for (let i = -ring; i <= ring; i++) if (Math.max(Math.abs(i), Math.abs(j)) === ring) cells.push([i, j]);
    }
    // Same row first, then nearer rows; right before left.
    cells.sort((a, b) => Math.abs(a[1]) - Math.abs(b[1]) || b[1] - a[1] || b[0] - a[0]);
    for (const [i, j] of cells) {
      const b = at(i, j);
      if (free(b)) return b;
    }
  }
  return at(0, 0);
}
