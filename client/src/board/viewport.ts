/**
 * What part of the board a person sees: pan and zoom (`View`) over a container of some size. An
 * observable object with no DOM, so the board, a "follow this person" feature or a playback page
 * can all set it and listen to it; the board component reports its container's size.
 */
import { boardToScreen, clamp, containsBox, screenToBoard, zoomAt, type Box, type Point, type View } from './geometry.js';

export interface Size {
  width: number;
  height: number;
}

/** Where an untouched board starts: board (0, 0) a little in from the top-left corner. */
export const DEFAULT_VIEW: View = { tx: 40, ty: 40, scale: 1 };
/** Space (screen px) a fitted view leaves around the content on each side. */
export const FIT_MARGIN = 40;
/** Fitting never zooms in past this, so a lone small shape is not blown up. */
export const FIT_MAX_SCALE = 2;
const FIT_MIN_SCALE = 0.2;

/** The view that shows all of `content` centred in `size`, at most `maxScale`; the default view for an empty board. */
export function fitView(content: Box | null, size: Size, maxScale = FIT_MAX_SCALE): View {
  if (!content) return DEFAULT_VIEW;
  const fitScale = Math.min((size.width - 2 * FIT_MARGIN) / Math.max(content.w, 1), (size.height - 2 * FIT_MARGIN) / Math.max(content.h, 1));
  const scale = clamp(fitScale, FIT_MIN_SCALE, Math.max(FIT_MIN_SCALE, maxScale));
  return { scale, tx: size.width / 2 - (content.x + content.w / 2) * scale, ty: size.height / 2 - (content.y + content.h / 2) * scale };
}

/** The board-space rectangle `view` shows in a container of `size`. */
export function visibleBox(view: View, size: Size): Box {
  const topLeft = screenToBoard(view, { x: 0, y: 0 });
  return { ...topLeft, w: size.width / view.scale, h: size.height / view.scale };
}

function isEmpty(size: Size): boolean {
  return size.width <= 0 || size.height <= 0;
}

export type ViewListener = (view: View) => void;

export class Viewport {
  private current: View;
  /** The last size the container was shown at; a hidden container (0×0) does not replace it. */
  private shownSize: Size = { width: 0, height: 0 };
  /** True from a fit until the view is next changed any other way: a fitted view stays fitted when the container resizes. */
  private fittedFlag = false;
  private readonly listeners = new Set<ViewListener>();

  constructor(view: View = DEFAULT_VIEW) {
    this.current = view;
  }

  get view(): View {
    return this.current;
  }

  get size(): Size {
    return this.shownSize;
  }

  get fitted(): boolean {
    return this.fittedFlag;
  }

  /** Calls `listener` on every change of the view; returns the unsubscribe. */
  subscribe(listener: ViewListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Shows exactly `view` (a pan, a zoom, or a view set from outside). */
  set(view: View): void {
    this.fittedFlag = false;
    this.apply(view);
  }

  panBy(dx: number, dy: number): void {
    this.set({ ...this.current, tx: this.current.tx - dx, ty: this.current.ty - dy });
  }

  /** Zooms by `factor` keeping the board point under screen point `anchor` still. */
  zoomAt(anchor: Point, factor: number): void {
    this.set(zoomAt(this.current, anchor, factor));
  }

  /** Zooms by `factor` about the centre of the container. */
  zoomBy(factor: number): void {
    this.zoomAt({ x: this.shownSize.width / 2, y: this.shownSize.height / 2 }, factor);
  }

  /** Shows all of `content` (the bounds of every shape), and keeps it shown across resizes. */
  fit(content: Box | null): void {
    this.apply(fitView(content, this.shownSize));
    this.fittedFlag = true;
  }

  /**
   * The container now has `size` (switching layout, dragging the divider, resizing the window).
   * A fitted view is fitted again. Otherwise, if all of `content` was in sight before and no longer
   * is, the view pans and zooms out just enough to show it again: it never zooms in, so what a
   * person chose to look at is left alone as long as it stays in sight. A hidden container (0×0)
   * changes nothing; when it is shown again it is compared with the size it was last shown at.
   */
  resize(size: Size, content: Box | null): void {
    if (isEmpty(size)) return;
    const before = this.shownSize;
    if (before.width === size.width && before.height === size.height) return;
    this.shownSize = { width: size.width, height: size.height };
    if (this.fittedFlag) {
      this.apply(fitView(content, size));
      return;
    }
    if (!content || isEmpty(before)) return;
    const wasInSight = containsBox(visibleBox(this.current, before), content);
    if (wasInSight && !containsBox(visibleBox(this.current, size), content)) this.apply(fitView(content, size, this.current.scale));
  }

  toBoard(screen: Point): Point {
    return screenToBoard(this.current, screen);
  }

  toScreen(board: Point): Point {
    return boardToScreen(this.current, board);
  }

  /** The board point at the middle of what is shown (where a new stencil goes). */
  center(): Point {
    return this.toBoard({ x: this.shownSize.width / 2, y: this.shownSize.height / 2 });
  }

  private apply(view: View): void {
    if (view.tx === this.current.tx && view.ty === this.current.ty && view.scale === this.current.scale) return;
    this.current = view;
    for (const listener of [...this.listeners]) listener(view);
  }
}
