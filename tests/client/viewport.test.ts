/** The board's viewport without a browser: fitting, observing, and keeping content in sight when the container resizes. */
import { describe, expect, it } from 'vitest';
import { boardToScreen, containsBox, type Box, type View } from '../../client/src/board/geometry.js';
import { DEFAULT_VIEW, FIT_MARGIN, fitView, Viewport, visibleBox, type Size } from '../../client/src/board/viewport.js';

const wide: Size = { width: 1000, height: 600 };
const narrow: Size = { width: 500, height: 600 };
/** Shapes drawn across a wide board, as after drawing in the Board layout. */
const content: Box = { x: 0, y: 0, w: 900, h: 400 };

function inSight(view: View, size: Size, box: Box): boolean {
  return containsBox(visibleBox(view, size), box);
}

describe('fitView', () => {
  it('shows all the content centred with a margin', () => {
    const view = fitView(content, wide);
    const topLeft = boardToScreen(view, { x: content.x, y: content.y });
    const bottomRight = boardToScreen(view, { x: content.x + content.w, y: content.y + content.h });
    expect(topLeft.x).toBeCloseTo(FIT_MARGIN, 6);
    expect(bottomRight.x).toBeCloseTo(wide.width - FIT_MARGIN, 6);
    expect((topLeft.y + bottomRight.y) / 2).toBeCloseTo(wide.height / 2, 6);
  });

  it('never zooms past its limit for a small drawing; an empty board gets the default view', () => {
    expect(fitView({ x: 0, y: 0, w: 10, h: 10 }, wide).scale).toBe(2);
    expect(fitView({ x: 0, y: 0, w: 10, h: 10 }, wide, 1).scale).toBe(1);
    expect(fitView(null, wide)).toEqual(DEFAULT_VIEW);
  });
});

describe('Viewport', () => {
  it('tells its listeners every change, and only changes', () => {
    const viewport = new Viewport();
    const seen: View[] = [];
    const stop = viewport.subscribe((v) => seen.push(v));
    viewport.resize(wide, null);
    viewport.panBy(10, -5);
    viewport.set(viewport.view);
    viewport.zoomBy(2);
    stop();
    viewport.panBy(1, 1);
    expect(seen).toEqual([
      { tx: 30, ty: 45, scale: 1 },
      { tx: 30 * 2 - 500, ty: 45 * 2 - 300, scale: 2 },
    ]);
  });

  it('converts between screen and board points both ways', () => {
    const viewport = new Viewport({ tx: 30, ty: -20, scale: 1.5 });
    const p = viewport.toBoard(viewport.toScreen({ x: 12, y: 40 }));
    expect(p.x).toBeCloseTo(12, 9);
    expect(p.y).toBeCloseTo(40, 9);
    viewport.resize(wide, null);
    expect(viewport.toScreen(viewport.center())).toEqual({ x: 500, y: 300 });
  });

  it('keeps a fitted view fitted when the container resizes, until the view is moved by hand', () => {
    const viewport = new Viewport();
    viewport.resize(wide, content);
    viewport.fit(content);
    expect(viewport.fitted).toBe(true);
    viewport.resize(narrow, content);
    expect(viewport.view).toEqual(fitView(content, narrow));
    viewport.panBy(5, 5);
    expect(viewport.fitted).toBe(false);
    const moved = viewport.view;
    viewport.resize(wide, content);
    expect(viewport.view).toEqual(moved);
  });

  it('brings content that was in sight back into sight when the container shrinks (Board to Split)', () => {
    const viewport = new Viewport();
    viewport.resize(wide, content);
    expect(inSight(viewport.view, wide, content)).toBe(true);
    viewport.resize(narrow, content);
    expect(inSight(viewport.view, narrow, content)).toBe(true);
    expect(viewport.view.scale).toBeLessThan(1);
    expect(viewport.fitted).toBe(false);
  });

  it('never zooms in to do so, and leaves alone content that stays in sight', () => {
    const viewport = new Viewport({ tx: 0, ty: 0, scale: 0.3 });
    viewport.resize(wide, content);
    viewport.resize(narrow, content);
    expect(viewport.view).toEqual({ tx: 0, ty: 0, scale: 0.3 });
    const small: Box = { x: 0, y: 0, w: 300, h: 100 };
    const other = new Viewport({ tx: 0, ty: 0, scale: 1 });
    other.resize(wide, small);
    other.resize({ width: 200, height: 600 }, small);
    expect(other.view.scale).toBeLessThanOrEqual(1);
    expect(inSight(other.view, { width: 200, height: 600 }, small)).toBe(true);
  });

  it('leaves a view someone panned away from the content where it is', () => {
    const viewport = new Viewport({ tx: -2000, ty: 0, scale: 1 });
    viewport.resize(wide, content);
    viewport.resize(narrow, content);
    expect(viewport.view).toEqual({ tx: -2000, ty: 0, scale: 1 });
  });

  it('changes nothing while hidden, and compares with the size last shown when shown again (Board, Code, Split)', () => {
    const viewport = new Viewport();
    viewport.resize(wide, content);
    viewport.resize({ width: 0, height: 0 }, content);
    expect(viewport.view).toEqual(DEFAULT_VIEW);
    expect(viewport.size).toEqual(wide);
    viewport.resize(narrow, content);
    expect(inSight(viewport.view, narrow, content)).toBe(true);
  });

  it('does not move on its first measurement', () => {
    const viewport = new Viewport();
    viewport.resize(narrow, content);
    expect(viewport.view).toEqual(DEFAULT_VIEW);
  });
});
