import { describe, expect, it } from 'vitest';
import { parseRoute } from '../../client/src/router.js';
import { bindable, movePatches } from '../../client/src/board/gestures/helpers.js';
import type { ShapeData } from '../../shared/schema.js';

describe('routes', () => {
  it('parses the three pages and nothing else', () => {
    expect(parseRoute('/')).toEqual({ page: 'create' });
    expect(parseRoute('/join/abc.def-ghi')).toEqual({ page: 'join', invite: 'abc.def-ghi' });
    expect(parseRoute('/r/Z0msWrQ8')).toEqual({ page: 'room', roomId: 'Z0msWrQ8' });
    expect(parseRoute('/r/a%20b/')).toEqual({ page: 'room', roomId: 'a b' });
    expect(parseRoute('/r/')).toEqual({ page: 'missing' });
    expect(parseRoute('/r/a/b')).toEqual({ page: 'missing' });
    expect(parseRoute('/admin')).toEqual({ page: 'missing' });
  });
});

describe('moving shapes', () => {
  const box: ShapeData = { id: 'b', type: 'rect', x: 10, y: 20, w: 5, h: 5, z: 1 };
  const arrow: ShapeData = { id: 'a', type: 'arrow', x: 0, y: 0, w: 0, h: 0, z: 2, from: { shape: 'b' }, to: { x: 100, y: 100 } };

  it('shifts boxes and free arrow ends; bound ends stay bound', () => {
    const patches = movePatches(new Map([[box.id, box], [arrow.id, arrow]]), 5, -5);
    expect(patches.get('b')).toEqual({ x: 15, y: 15 });
    expect(patches.get('a')).toEqual({ x: 5, y: -5, to: { x: 105, y: 95 } });
  });

  it('binds arrows only to boxes, never to arrows or strokes', () => {
    expect(bindable(box)).toBe(true);
    expect(bindable(arrow)).toBe(false);
    expect(bindable({ ...box, type: 'pen' })).toBe(false);
  });
});
