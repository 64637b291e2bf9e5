import { describe, expect, it } from 'vitest';
import type { ShapeData } from '../../shared/schema.js';
import {
  arrowEndpoints,
  boardToScreen,
  boxesIntersect,
  distanceToSegment,
  findFreeSpot,
  hitTest,
  lookupOf,
  normalizeStroke,
  outlinePoint,
  resizeBox,
  screenToBoard,
  shapeAt,
  shapesInBox,
  unionBoxes,
  zoomAt,
  MIN_SIZE,
} from '../../client/src/board/geometry.js';

function shape(id: string, type: ShapeData['type'], x: number, y: number, w: number, h: number, extra: Partial<ShapeData> = {}): ShapeData {
  return { id, type, x, y, w, h, z: 1, ...extra };
}

const close = (a: number, b: number) => expect(a).toBeCloseTo(b, 6);

describe('view transform', () => {
  it('round-trips board and screen points', () => {
    const view = { tx: 30, ty: -20, scale: 1.5 };
    const p = { x: 12, y: 40 };
    const back = screenToBoard(view, boardToScreen(view, p));
    close(back.x, p.x);
    close(back.y, p.y);
  });

  it('zooms around the pointer: the board point under it stays put', () => {
    const view = { tx: 10, ty: 10, scale: 1 };
    const pointer = { x: 200, y: 150 };
    const before = screenToBoard(view, pointer);
    const zoomed = zoomAt(view, pointer, 2);
    expect(zoomed.scale).toBe(2);
    const after = screenToBoard(zoomed, pointer);
    close(after.x, before.x);
    close(after.y, before.y);
  });

  it('clamps the zoom', () => {
    expect(zoomAt({ tx: 0, ty: 0, scale: 1 }, { x: 0, y: 0 }, 100).scale).toBe(4);
    expect(zoomAt({ tx: 0, ty: 0, scale: 1 }, { x: 0, y: 0 }, 0.001).scale).toBe(0.2);
  });
});

describe('outline points (arrow attachment)', () => {
  const box = { x: 0, y: 0, w: 100, h: 50 };

  it('leaves a rectangle through the side facing the target', () => {
    expect(outlinePoint('rect', box, { x: 500, y: 25 })).toEqual({ x: 100, y: 25 });
    expect(outlinePoint('rect', box, { x: 50, y: -300 })).toEqual({ x: 50, y: 0 });
    const corner = outlinePoint('rect', box, { x: 150, y: 75 });
    close(corner.x, 100);
    close(corner.y, 50);
  });

  it('lies on the ellipse', () => {
    const p = outlinePoint('ellipse', box, { x: 300, y: 200 });
    close(((p.x - 50) / 50) ** 2 + ((p.y - 25) / 25) ** 2, 1);
  });

  it('lies on the diamond', () => {
    const p = outlinePoint('diamond', box, { x: 300, y: 90 });
    close(Math.abs(p.x - 50) / 50 + Math.abs(p.y - 25) / 25, 1);
  });

  it('does not pass a target inside the shape', () => {
    expect(outlinePoint('rect', box, { x: 60, y: 25 })).toEqual({ x: 60, y: 25 });
  });

  it('is the centre when the target is the centre', () => {
    expect(outlinePoint('rect', box, { x: 50, y: 25 })).toEqual({ x: 50, y: 25 });
  });
});

describe('arrows', () => {
  const db = shape('db', 'database', 0, 0, 100, 80);
  const svc = shape('svc', 'rect', 300, 0, 100, 80);
  const arrow = shape('a', 'arrow', 0, 0, 0, 0, { from: { shape: 'db' }, to: { shape: 'svc' } });

  it('attaches bound ends to the facing sides', () => {
    const ends = arrowEndpoints(arrow, lookupOf([db, svc, arrow]));
    expect(ends).toEqual({ from: { x: 100, y: 40 }, to: { x: 300, y: 40 } });
  });

  it('follows a shape that moved', () => {
    const moved = { ...svc, x: 0, y: 300 };
    const ends = arrowEndpoints(arrow, lookupOf([db, moved, arrow]));
    expect(ends).toEqual({ from: { x: 50, y: 80 }, to: { x: 50, y: 300 } });
  });

  it('mixes a bound end and a free end', () => {
    const half = shape('b', 'arrow', 0, 0, 0, 0, { from: { shape: 'db' }, to: { x: 50, y: -200 } });
    expect(arrowEndpoints(half, lookupOf([db]))).toEqual({ from: { x: 50, y: 0 }, to: { x: 50, y: -200 } });
  });

  it('has no endpoints once a bound shape is gone', () => {
    expect(arrowEndpoints(arrow, lookupOf([db]))).toBeNull();
  });

  it('is hit near its line only', () => {
    const lookup = lookupOf([db, svc, arrow]);
    expect(hitTest(arrow, { x: 200, y: 44 }, lookup)).toBe(true);
    expect(hitTest(arrow, { x: 200, y: 60 }, lookup)).toBe(false);
  });
});

describe('hit tests', () => {
  it('tests ellipses and diamonds by their real outline, not their box', () => {
    const lookup = lookupOf([]);
    const e = shape('e', 'ellipse', 0, 0, 100, 100);
    expect(hitTest(e, { x: 50, y: 50 }, lookup, 0)).toBe(true);
    expect(hitTest(e, { x: 3, y: 3 }, lookup, 0)).toBe(false);
    const d = shape('d', 'diamond', 0, 0, 100, 100);
    expect(hitTest(d, { x: 50, y: 5 }, lookup, 0)).toBe(true);
    expect(hitTest(d, { x: 10, y: 10 }, lookup, 0)).toBe(false);
  });

  it('tests pen strokes along their points', () => {
    const pen = shape('p', 'pen', 100, 100, 100, 0, { points: [[0, 0], [100, 0]] });
    const lookup = lookupOf([pen]);
    expect(hitTest(pen, { x: 150, y: 103 }, lookup)).toBe(true);
    expect(hitTest(pen, { x: 150, y: 120 }, lookup)).toBe(false);
  });

  it('picks the topmost shape', () => {
    const low = shape('low', 'rect', 0, 0, 100, 100, { z: 1 });
    const high = shape('high', 'rect', 50, 50, 100, 100, { z: 2 });
    expect(shapeAt([high, low], { x: 75, y: 75 })?.id).toBe('high');
    expect(shapeAt([high, low], { x: 10, y: 10 })?.id).toBe('low');
    expect(shapeAt([high, low], { x: 500, y: 500 })).toBeNull();
    expect(shapeAt([high, low], { x: 75, y: 75 }, 6, (s) => s.id !== 'high')?.id).toBe('low');
  });

  it('selects by marquee', () => {
    const a = shape('a', 'rect', 0, 0, 50, 50);
    const b = shape('b', 'rect', 200, 200, 50, 50);
    expect(shapesInBox([a, b], { x: -10, y: -10, w: 100, h: 100 }).map((s) => s.id)).toEqual(['a']);
  });
});

describe('boxes', () => {
  it('resizes from any corner and never below the minimum', () => {
    const box = { x: 0, y: 0, w: 100, h: 100 };
    expect(resizeBox(box, 'se', 20, 10)).toEqual({ x: 0, y: 0, w: 120, h: 110 });
    expect(resizeBox(box, 'nw', 20, 10)).toEqual({ x: 20, y: 10, w: 80, h: 90 });
    expect(resizeBox(box, 'ne', -500, -20)).toEqual({ x: 0, y: -20, w: MIN_SIZE, h: 120 });
    expect(resizeBox(box, 'sw', 500, 0)).toEqual({ x: 100 - MIN_SIZE, y: 0, w: MIN_SIZE, h: 100 });
  });

  it('unions and intersects', () => {
    expect(unionBoxes([])).toBeNull();
    expect(unionBoxes([{ x: 0, y: 0, w: 10, h: 10 }, { x: 20, y: -5, w: 5, h: 5 }])).toEqual({ x: 0, y: -5, w: 25, h: 15 });
    expect(boxesIntersect({ x: 0, y: 0, w: 10, h: 10 }, { x: 11, y: 0, w: 10, h: 10 })).toBe(false);
  });

  it('finds a free spot beside existing shapes', () => {
    const first = findFreeSpot([], { x: 0, y: 0 }, { w: 100, h: 50 });
    expect(first).toEqual({ x: -50, y: -25, w: 100, h: 50 });
    const second = findFreeSpot([first], { x: 0, y: 0 }, { w: 100, h: 50 });
    expect(boxesIntersect(first, second)).toBe(false);
    expect(second.y).toBe(first.y);
  });

  it('measures distance to a segment', () => {
    expect(distanceToSegment({ x: 5, y: 5 }, { x: 0, y: 0 }, { x: 10, y: 0 })).toBe(5);
    expect(distanceToSegment({ x: -3, y: 4 }, { x: 0, y: 0 }, { x: 10, y: 0 })).toBe(5);
    expect(distanceToSegment({ x: 3, y: 4 }, { x: 0, y: 0 }, { x: 0, y: 0 })).toBe(5);
  });

  it('normalises a stroke to its own box', () => {
    const stroke = normalizeStroke([{ x: 10, y: 20 }, { x: 30, y: 5 }]);
    expect(stroke.box).toEqual({ x: 10, y: 5, w: 20, h: 15 });
    expect(stroke.points).toEqual([[0, 15], [20, 0]]);
  });
});
