/**
 * The system-design whiteboard: an SVG view over `pad.shapes`. Gestures write straight into the Y
 * document (so others see a shape move while it moves); rendering always reads back from it.
 */
import { Component, createRef, type JSX } from 'preact';
import * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import { STENCILS, type ShapeData, type ShapeType, type StencilName } from '../../../shared/schema.js';
import {
  boardToScreen,
  boxFromPoints,
  findFreeSpot,
  handlePoint,
  HANDLES,
  lookupOf,
  normalizeStroke,
  resizeBox,
  round,
  screenToBoard,
  shapeAt,
  shapeBounds,
  shapesInBox,
  unionBoxes,
  zoomAt,
  type Box,
  type Handle,
  type Point,
  type View,
} from './geometry.js';
import { addShape, deleteShapes, newShapeId, nextZ, readShapes, shapesOf, updateShapes } from './model.js';
import { ShapeView, strokePath, INK } from './render.js';
import { boardSvg, download, svgToPng } from './export.js';
import { bindable, movePatches, roundBox } from './gestures.js';
import { DEFAULT_SIZE, TOOLS, Toolbar, type Tool } from './tools.js';

export type { Tool } from './tools.js';

/** A drag shorter than this (screen px) is a click. */
const CLICK_SLOP = 4;
/** Awareness updates for the board cursor at most this often. */
const CURSOR_INTERVAL_MS = 40;

type Gesture =
  | { kind: 'pan'; start: Point; view0: View }
  | { kind: 'move'; start: Point; origins: Map<string, ShapeData>; moved: boolean }
  | { kind: 'resize'; id: string; handle: Handle; start: Point; box0: Box }
  | { kind: 'marquee'; start: Point; current: Point; base: Set<string> }
  | { kind: 'create'; type: Exclude<ShapeType, 'arrow' | 'pen'>; start: Point; current: Point; screenStart: Point }
  | { kind: 'arrow'; start: Point; current: Point; fromId: string | null }
  | { kind: 'pen'; points: Point[] };

interface RemoteCursor {
  clientId: number;
  name: string;
  color: string;
  x: number;
  y: number;
}

/** Shapes someone else has selected, outlined in their colour so two people don't fight over one. */
interface RemoteSelection {
  clientId: number;
  name: string;
  color: string;
  ids: string[];
}

export interface BoardProps {
  doc: Y.Doc;
  awareness: Awareness;
  readOnly: boolean;
  participantId: string;
  /** The origin of this person's changes; the UndoManager tracks only it. */
  origin: object;
  undoManager: Y.UndoManager;
}

interface BoardState {
  shapes: ShapeData[];
  selection: ReadonlySet<string>;
  view: View;
  tool: Tool;
  cursors: RemoteCursor[];
  remoteSelections: RemoteSelection[];
  editing: { id: string; value: string } | null;
  canUndo: boolean;
  canRedo: boolean;
}

export function createBoardUndoManager(doc: Y.Doc, origin: object): Y.UndoManager {
  // Capturing is cut by hand at every gesture (stopCapturing), so one drag is one undo step no
  // matter how slowly it is made.
  return new Y.UndoManager(shapesOf(doc), { trackedOrigins: new Set([origin]), captureTimeout: 24 * 3600_000 });
}

export class Board extends Component<BoardProps, BoardState> {
  private svgRef = createRef<SVGSVGElement>();
  private layerRef = createRef<SVGGElement>();
  private gesture: Gesture | null = null;
  private lastCursorAt = 0;
  private frame = 0;
  private disposers: (() => void)[] = [];

  override state: BoardState = {
    shapes: [],
    selection: new Set(),
    view: { tx: 40, ty: 40, scale: 1 },
    tool: 'select',
    cursors: [],
    remoteSelections: [],
    editing: null,
    canUndo: false,
    canRedo: false,
  };

  override componentDidMount(): void {
    const { doc, awareness, undoManager } = this.props;
    const shapes = shapesOf(doc);
    const onShapes = (): void => this.scheduleRead();
    shapes.observeDeep(onShapes);
    this.disposers.push(() => shapes.unobserveDeep(onShapes));
    const onAwareness = (): void => this.readCursors();
    awareness.on('change', onAwareness);
    this.disposers.push(() => awareness.off('change', onAwareness));
    const onStack = (): void => this.setState({ canUndo: undoManager.canUndo(), canRedo: undoManager.canRedo() });
    undoManager.on('stack-item-added', onStack);
    undoManager.on('stack-item-popped', onStack);
    undoManager.on('stack-cleared', onStack);
    this.disposers.push(() => {
      undoManager.off('stack-item-added', onStack);
      undoManager.off('stack-item-popped', onStack);
      undoManager.off('stack-cleared', onStack);
    });
    this.readShapes();
    this.readCursors();
  }

  override componentDidUpdate(_props: BoardProps, previous: BoardState): void {
    if (previous.selection !== this.state.selection && !this.props.readOnly) {
      this.props.awareness.setLocalStateField('boardSelection', [...this.state.selection]);
    }
  }

  override componentWillUnmount(): void {
    cancelAnimationFrame(this.frame);
    for (const dispose of this.disposers) dispose();
    this.props.awareness.setLocalStateField('boardCursor', null);
    this.props.awareness.setLocalStateField('boardSelection', null);
  }

  private scheduleRead(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.readShapes();
    });
  }

  private readShapes(): void {
    const shapes = readShapes(this.props.doc);
    const ids = new Set(shapes.map((s) => s.id));
    const selection = new Set([...this.state.selection].filter((id) => ids.has(id)));
    this.setState({ shapes, selection });
  }

  private readCursors(): void {
    const { awareness } = this.props;
    const cursors: RemoteCursor[] = [];
    const remoteSelections: RemoteSelection[] = [];
    awareness.getStates().forEach((state, clientId) => {
      if (clientId === awareness.clientID) return;
      const user = state['user'] as { name?: unknown; color?: unknown } | undefined;
      const name = typeof user?.name === 'string' ? user.name : 'Someone';
      const color = typeof user?.color === 'string' ? user.color : '#64748b';
      const selected: unknown = state['boardSelection'];
      if (Array.isArray(selected)) {
        const ids = selected.filter((id): id is string => typeof id === 'string').slice(0, 500);
        if (ids.length) remoteSelections.push({ clientId, name, color, ids });
      }
      const cursor = state['boardCursor'] as { x?: unknown; y?: unknown } | null | undefined;
      if (!cursor || typeof cursor.x !== 'number' || typeof cursor.y !== 'number') return;
      cursors.push({ clientId, name, color, x: cursor.x, y: cursor.y });
    });
    this.setState({ cursors, remoteSelections });
  }

  // ---- coordinates ----

  private screenPoint(e: { clientX: number; clientY: number }): Point {
    const rect = this.svgRef.current?.getBoundingClientRect();
    return { x: e.clientX - (rect?.left ?? 0), y: e.clientY - (rect?.top ?? 0) };
  }

  private boardPoint(e: { clientX: number; clientY: number }): Point {
    return screenToBoard(this.state.view, this.screenPoint(e));
  }

  private visibleCenter(): Point {
    const rect = this.svgRef.current?.getBoundingClientRect();
    return screenToBoard(this.state.view, { x: (rect?.width ?? 800) / 2, y: (rect?.height ?? 500) / 2 });
  }

  // ---- changes ----

  private add(fields: Omit<ShapeData, 'id'>): string {
    const id = newShapeId();
    this.props.undoManager.stopCapturing();
    addShape(this.props.doc, id, { ...fields, author: this.props.participantId }, this.props.origin);
    this.props.undoManager.stopCapturing();
    return id;
  }

  addStencil(name: StencilName): void {
    if (this.props.readOnly) return;
    const stencil = STENCILS[name];
    const size = DEFAULT_SIZE[stencil.type];
    const lookup = lookupOf(this.state.shapes);
    const spot = findFreeSpot(
      this.state.shapes.map((s) => shapeBounds(s, lookup)),
      this.visibleCenter(),
      size,
    );
    const id = this.add({ type: stencil.type, ...roundBox(spot), z: nextZ(this.props.doc), label: stencil.label, stencil: name });
    this.setState({ selection: new Set([id]), tool: 'select' });
  }

  deleteSelection(): void {
    if (this.props.readOnly || this.state.selection.size === 0) return;
    this.props.undoManager.stopCapturing();
    deleteShapes(this.props.doc, this.state.selection, this.props.origin);
    this.props.undoManager.stopCapturing();
    this.setState({ selection: new Set() });
  }

  undo(): void {
    if (this.props.readOnly) return;
    this.props.undoManager.stopCapturing();
    this.props.undoManager.undo();
  }

  redo(): void {
    if (this.props.readOnly) return;
    this.props.undoManager.redo();
  }

  private moveSelectionBy(dx: number, dy: number): void {
    const origins = new Map(this.state.shapes.filter((s) => this.state.selection.has(s.id)).map((s) => [s.id, s]));
    this.props.undoManager.stopCapturing();
    updateShapes(this.props.doc, movePatches(origins, dx, dy), this.props.origin);
  }

  // ---- pointer gestures ----

  private onPointerDown = (e: PointerEvent): void => {
    const svg = this.svgRef.current;
    if (!svg) return;
    svg.focus({ preventScroll: true });
    if (this.labelDraft) this.commitLabel();
    const screen = this.screenPoint(e);
    const p = screenToBoard(this.state.view, screen);
    const tool = this.props.readOnly ? 'hand' : this.state.tool;
    svg.setPointerCapture(e.pointerId);
    e.preventDefault();
    if (e.button === 1 || tool === 'hand') {
      this.gesture = { kind: 'pan', start: screen, view0: this.state.view };
      return;
    }
    if (e.button !== 0) return;
    this.props.undoManager.stopCapturing();
    const tolerance = 6 / this.state.view.scale;
    switch (tool) {
      case 'select': {
        const handle = this.handleAt(screen);
        if (handle) {
          this.gesture = { kind: 'resize', id: handle.id, handle: handle.handle, start: p, box0: handle.box };
          return;
        }
        const hit = shapeAt(this.state.shapes, p, tolerance);
        if (hit) {
          let selection = new Set(this.state.selection);
          if (e.shiftKey) {
            if (selection.has(hit.id)) selection.delete(hit.id);
            else selection.add(hit.id);
          } else if (!selection.has(hit.id)) {
            selection = new Set([hit.id]);
          }
          this.setState({ selection });
          const origins = new Map(this.state.shapes.filter((s) => selection.has(s.id)).map((s) => [s.id, s]));
          this.gesture = { kind: 'move', start: p, origins, moved: false };
        } else {
          const base = e.shiftKey ? new Set(this.state.selection) : new Set<string>();
          this.setState({ selection: base });
          this.gesture = { kind: 'marquee', start: p, current: p, base };
        }
        return;
      }
      case 'arrow': {
        const hit = shapeAt(this.state.shapes, p, tolerance, bindable);
        this.gesture = { kind: 'arrow', start: p, current: p, fromId: hit?.id ?? null };
        this.forceUpdate();
        return;
      }
      case 'pen':
        this.gesture = { kind: 'pen', points: [p] };
        this.forceUpdate();
        return;
      default:
        this.gesture = { kind: 'create', type: tool, start: p, current: p, screenStart: screen };
        this.forceUpdate();
    }
  };

  private onPointerMove = (e: PointerEvent): void => {
    const screen = this.screenPoint(e);
    const p = screenToBoard(this.state.view, screen);
    this.publishCursor(p);
    const g = this.gesture;
    if (!g) return;
    switch (g.kind) {
      case 'pan':
        this.setState({ view: { ...g.view0, tx: g.view0.tx + screen.x - g.start.x, ty: g.view0.ty + screen.y - g.start.y } });
        return;
      case 'move': {
        const dx = p.x - g.start.x;
        const dy = p.y - g.start.y;
        if (!g.moved && Math.hypot(dx, dy) * this.state.view.scale < CLICK_SLOP) return;
        g.moved = true;
        updateShapes(this.props.doc, movePatches(g.origins, dx, dy), this.props.origin);
        return;
      }
      case 'resize': {
        const box = resizeBox(g.box0, g.handle, p.x - g.start.x, p.y - g.start.y);
        updateShapes(this.props.doc, new Map([[g.id, roundBox(box)]]), this.props.origin);
        return;
      }
      case 'marquee': {
        g.current = p;
        const hits = shapesInBox(this.state.shapes, boxFromPoints(g.start, p)).map((s) => s.id);
        this.setState({ selection: new Set([...g.base, ...hits]) });
        return;
      }
      case 'arrow':
      case 'create':
        g.current = p;
        this.forceUpdate();
        return;
      case 'pen':
        g.points.push(p);
        this.forceUpdate();
        return;
    }
  };

  private onPointerUp = (e: PointerEvent): void => {
    const g = this.gesture;
    this.gesture = null;
    const svg = this.svgRef.current;
    if (svg?.hasPointerCapture(e.pointerId)) svg.releasePointerCapture(e.pointerId);
    if (!g) return;
    const p = this.boardPoint(e);
    const doc = this.props.doc;
    switch (g.kind) {
      case 'move':
      case 'resize':
        this.props.undoManager.stopCapturing();
        break;
      case 'create': {
        const screen = this.screenPoint(e);
        const isClick = Math.hypot(screen.x - g.screenStart.x, screen.y - g.screenStart.y) < CLICK_SLOP;
        const size = DEFAULT_SIZE[g.type];
        const box = isClick ? { x: p.x - size.w / 2, y: p.y - size.h / 2, w: size.w, h: size.h } : boxFromPoints(g.start, p);
        const label = g.type === 'text' ? 'Text' : g.type === 'sticky' ? 'Note' : undefined;
        const id = this.add({
          type: g.type,
          ...roundBox({ ...box, w: Math.max(box.w, 16), h: Math.max(box.h, 16) }),
          z: nextZ(doc),
          ...(label ? { label } : {}),
        });
        this.setState({ selection: new Set([id]), tool: 'select' });
        if (label) this.startEditing(id, label);
        break;
      }
      case 'arrow': {
        const toHit = shapeAt(this.state.shapes, p, 6 / this.state.view.scale, bindable);
        const fromEnd = g.fromId ? { shape: g.fromId } : { x: round(g.start.x), y: round(g.start.y) };
        const toEnd = toHit ? { shape: toHit.id } : { x: round(p.x), y: round(p.y) };
        const tooShort = Math.hypot(p.x - g.start.x, p.y - g.start.y) * this.state.view.scale < CLICK_SLOP * 2;
        if (tooShort || (toHit && toHit.id === g.fromId)) break;
        const box = boxFromPoints(g.start, p);
        const id = this.add({ type: 'arrow', ...roundBox(box), z: nextZ(doc), from: fromEnd, to: toEnd });
        this.setState({ selection: new Set([id]) });
        break;
      }
      case 'pen': {
        if (g.points.length < 2) break;
        const stroke = normalizeStroke(g.points);
        this.add({ type: 'pen', ...roundBox(stroke.box), z: nextZ(doc), points: stroke.points });
        break;
      }
      default:
        break;
    }
    this.forceUpdate();
  };

  private onPointerLeave = (): void => {
    this.props.awareness.setLocalStateField('boardCursor', null);
  };

  private publishCursor(p: Point): void {
    const now = performance.now();
    if (now - this.lastCursorAt < CURSOR_INTERVAL_MS) return;
    this.lastCursorAt = now;
    this.props.awareness.setLocalStateField('boardCursor', { x: round(p.x), y: round(p.y) });
  }

  private onWheel = (e: WheelEvent): void => {
    e.preventDefault();
    if (e.ctrlKey || e.metaKey) {
      this.setState({ view: zoomAt(this.state.view, this.screenPoint(e), Math.exp(-e.deltaY / 300)) });
    } else {
      this.setState({ view: { ...this.state.view, tx: this.state.view.tx - e.deltaX, ty: this.state.view.ty - e.deltaY } });
    }
  };

  private onDoubleClick = (e: MouseEvent): void => {
    if (this.props.readOnly) return;
    const hit = shapeAt(this.state.shapes, this.boardPoint(e), 6 / this.state.view.scale, (s) => s.type !== 'pen');
    if (hit) {
      this.setState({ selection: new Set([hit.id]) });
      this.startEditing(hit.id, hit.label ?? '');
    }
  };

  private onKeyDown = (e: KeyboardEvent): void => {
    if (this.labelDraft) return;
    const mod = e.ctrlKey || e.metaKey;
    const key = e.key.toLowerCase();
    if (mod && key === 'z') {
      e.preventDefault();
      if (e.shiftKey) this.redo();
      else this.undo();
      return;
    }
    if (mod && key === 'y') {
      e.preventDefault();
      this.redo();
      return;
    }
    if (mod && key === 'a') {
      e.preventDefault();
      this.setState({ selection: new Set(this.state.shapes.map((s) => s.id)) });
      return;
    }
    if (e.key === 'Delete' || e.key === 'Backspace') {
      e.preventDefault();
      this.deleteSelection();
      return;
    }
    if (e.key === 'Escape') {
      this.setState({ selection: new Set(), tool: 'select' });
      return;
    }
    if (e.key === 'Enter' && this.state.selection.size === 1 && !this.props.readOnly) {
      const id = [...this.state.selection][0]!;
      const shape = this.state.shapes.find((s) => s.id === id);
      if (shape && shape.type !== 'pen') this.startEditing(id, shape.label ?? '');
      e.preventDefault();
      return;
    }
    const arrows: Record<string, Point> = { ArrowLeft: { x: -1, y: 0 }, ArrowRight: { x: 1, y: 0 }, ArrowUp: { x: 0, y: -1 }, ArrowDown: { x: 0, y: 1 } };
    const dir = arrows[e.key];
    if (dir && this.state.selection.size > 0 && !this.props.readOnly) {
      e.preventDefault();
      const step = e.shiftKey ? 50 : 10;
      this.moveSelectionBy(dir.x * step, dir.y * step);
      return;
    }
    if (!mod && !e.altKey) {
      const tool = TOOLS.find((t) => t.key === key);
      if (tool && (!this.props.readOnly || tool.tool === 'hand' || tool.tool === 'select')) this.setState({ tool: tool.tool });
    }
  };

  // ---- labels ----

  /**
   * The label being typed, kept outside `state` as well: Enter and the blur that follows it both
   * commit, and component state is only updated at the next render, so the second commit would
   * see a stale value and write it back.
   */
  private labelDraft: { id: string; value: string } | null = null;

  private startEditing(id: string, value: string): void {
    this.labelDraft = { id, value };
    this.setState({ editing: this.labelDraft });
  }

  private cancelLabel(): void {
    this.labelDraft = null;
    this.setState({ editing: null });
  }

  private commitLabel = (): void => {
    const editing = this.labelDraft;
    if (!editing) return;
    this.labelDraft = null;
    this.setState({ editing: null });
    if (this.props.readOnly) return;
    this.props.undoManager.stopCapturing();
    updateShapes(this.props.doc, new Map([[editing.id, { label: editing.value.slice(0, 200) }]]), this.props.origin);
    this.props.undoManager.stopCapturing();
    this.svgRef.current?.focus({ preventScroll: true });
  };

  // ---- selection handles ----

  private resizable(): ShapeData | null {
    if (this.state.selection.size !== 1 || this.props.readOnly) return null;
    const id = [...this.state.selection][0]!;
    const shape = this.state.shapes.find((s) => s.id === id);
    return shape && shape.type !== 'arrow' && shape.type !== 'pen' ? shape : null;
  }

  private handleAt(screen: Point): { id: string; handle: Handle; box: Box } | null {
    const shape = this.resizable();
    if (!shape) return null;
    for (const handle of HANDLES) {
      const hp = boardToScreen(this.state.view, handlePoint(shape, handle));
      if (Math.abs(hp.x - screen.x) <= 7 && Math.abs(hp.y - screen.y) <= 7) return { id: shape.id, handle, box: shape };
    }
    return null;
  }

  // ---- export ----

  private exportBounds(): Box[] {
    const lookup = lookupOf(this.state.shapes);
    return this.state.shapes.map((s) => shapeBounds(s, lookup));
  }

  exportSvg(): string | null {
    const layer = this.layerRef.current;
    return layer ? boardSvg(layer, this.exportBounds()) : null;
  }

  private downloadSvg = (): void => {
    const svg = this.exportSvg();
    if (svg) download(new Blob([svg], { type: 'image/svg+xml' }), 'duet-board.svg');
  };

  private downloadPng = async (): Promise<void> => {
    const svg = this.exportSvg();
    if (svg) download(await svgToPng(svg), 'duet-board.png');
  };

  private zoomBy(factor: number): void {
    const rect = this.svgRef.current?.getBoundingClientRect();
    this.setState({ view: zoomAt(this.state.view, { x: (rect?.width ?? 0) / 2, y: (rect?.height ?? 0) / 2 }, factor) });
  }

  private fit = (): void => {
    const box = unionBoxes(this.exportBounds());
    const rect = this.svgRef.current?.getBoundingClientRect();
    if (!box || !rect) {
      this.setState({ view: { tx: 40, ty: 40, scale: 1 } });
      return;
    }
    const scale = Math.min(2, Math.max(0.2, Math.min((rect.width - 80) / Math.max(box.w, 1), (rect.height - 80) / Math.max(box.h, 1))));
    this.setState({ view: { scale, tx: rect.width / 2 - (box.x + box.w / 2) * scale, ty: rect.height / 2 - (box.y + box.h / 2) * scale } });
  };

  // ---- rendering ----

  private renderDraft(): JSX.Element | null {
    const g = this.gesture;
    if (!g) return null;
    const dash = { stroke: '#2563eb', 'stroke-width': 1.5 / this.state.view.scale, 'stroke-dasharray': `${6 / this.state.view.scale}`, fill: 'none' };
    switch (g.kind) {
      case 'marquee': {
        const b = boxFromPoints(g.start, g.current);
        return <rect x={b.x} y={b.y} width={b.w} height={b.h} {...dash} fill="rgba(37,99,235,0.06)" />;
      }
      case 'create': {
        const b = boxFromPoints(g.start, g.current);
        return <rect x={b.x} y={b.y} width={b.w} height={b.h} {...dash} />;
      }
      case 'arrow':
        return <line x1={g.start.x} y1={g.start.y} x2={g.current.x} y2={g.current.y} stroke={INK} stroke-width={2} stroke-dasharray="6" />;
      case 'pen':
        return <path d={strokePath(g.points.map((p) => [p.x, p.y]))} fill={INK} />;
      default:
        return null;
    }
  }

  private renderSelection(lookup: ReturnType<typeof lookupOf>): JSX.Element[] {
    const scale = this.state.view.scale;
    const out: JSX.Element[] = [];
    for (const remote of this.state.remoteSelections) {
      for (const id of remote.ids) {
        const shape = lookup(id);
        if (!shape) continue;
        const b = shapeBounds(shape, lookup);
        const pad = 7 / scale;
        out.push(
          <g key={`remote-${remote.clientId}-${id}`} class="remote-selection" pointer-events="none">
            <rect x={b.x - pad} y={b.y - pad} width={b.w + 2 * pad} height={b.h + 2 * pad} fill="none" stroke={remote.color} stroke-width={2 / scale} rx={4 / scale} />
            <text x={b.x - pad} y={b.y - pad - 4 / scale} font-size={11 / scale} font-family="system-ui, sans-serif" fill={remote.color}>
              {remote.name}
            </text>
          </g>,
        );
      }
    }
    for (const shape of this.state.shapes) {
      if (!this.state.selection.has(shape.id)) continue;
      const b = shapeBounds(shape, lookup);
      out.push(
        <rect
          key={`sel-${shape.id}`}
          x={b.x - 4 / scale}
          y={b.y - 4 / scale}
          width={b.w + 8 / scale}
          height={b.h + 8 / scale}
          fill="none"
          stroke="#2563eb"
          stroke-width={1.5 / scale}
          stroke-dasharray={`${5 / scale}`}
          pointer-events="none"
        />,
      );
    }
    const resizable = this.resizable();
    if (resizable) {
      for (const handle of HANDLES) {
        const hp = handlePoint(resizable, handle);
        out.push(
          <rect
            key={`h-${handle}`}
            class={`handle handle-${handle}`}
            x={hp.x - 5 / scale}
            y={hp.y - 5 / scale}
            width={10 / scale}
            height={10 / scale}
            fill="#ffffff"
            stroke="#2563eb"
            stroke-width={1.5 / scale}
          />,
        );
      }
    }
    return out;
  }

  /** Stable, so it runs when the input mounts and not on every render. */
  private focusLabelInput = (el: HTMLInputElement | null): void => {
    if (el) {
      el.focus();
      el.select();
    }
  };

  private renderEditor(): JSX.Element | null {
    const editing = this.state.editing;
    if (!editing) return null;
    const shape = this.state.shapes.find((s) => s.id === editing.id);
    if (!shape) return null;
    const lookup = lookupOf(this.state.shapes);
    const b = shapeBounds(shape, lookup);
    const c = boardToScreen(this.state.view, { x: b.x + b.w / 2, y: b.y + b.h / 2 });
    return (
      <input
        class="board-label-input"
        aria-label="Shape label"
        value={editing.value}
        style={{ left: `${c.x - 90}px`, top: `${c.y - 16}px` }}
        maxLength={200}
        ref={this.focusLabelInput}
        onInput={(e) => {
          this.labelDraft = { id: editing.id, value: (e.currentTarget as HTMLInputElement).value };
          this.setState({ editing: this.labelDraft });
        }}
        onKeyDown={(e) => {
          // Keys typed into the label are not board shortcuts (Enter would reopen the editor).
          e.stopPropagation();
          if (e.key === 'Enter') this.commitLabel();
          if (e.key === 'Escape') this.cancelLabel();
        }}
        onBlur={this.commitLabel}
      />
    );
  }

  override render(): JSX.Element {
    const { readOnly } = this.props;
    const { shapes, view, tool, cursors, canUndo, canRedo, selection } = this.state;
    const lookup = lookupOf(shapes);
    return (
      <div class="board" onKeyDown={this.onKeyDown}>
        <Toolbar
          readOnly={readOnly}
          tool={tool}
          scale={view.scale}
          canUndo={canUndo}
          canRedo={canRedo}
          hasSelection={selection.size > 0}
          onTool={(t) => this.setState({ tool: t })}
          onUndo={() => this.undo()}
          onRedo={() => this.redo()}
          onDelete={() => this.deleteSelection()}
          onZoom={(f) => this.zoomBy(f)}
          onFit={this.fit}
          onExportSvg={this.downloadSvg}
          onExportPng={() => void this.downloadPng()}
          onStencil={(name) => this.addStencil(name)}
        />
        <div class="board-canvas">
          <svg
            ref={this.svgRef}
            class={`board-svg tool-${readOnly ? 'hand' : tool}`}
            tabIndex={0}
            role="application"
            aria-label={readOnly ? 'Whiteboard (read-only)' : 'Whiteboard'}
            aria-readonly={readOnly}
            onPointerDown={this.onPointerDown}
            onPointerMove={this.onPointerMove}
            onPointerUp={this.onPointerUp}
            onPointerCancel={this.onPointerUp}
            onPointerLeave={this.onPointerLeave}
            onWheel={this.onWheel}
            onDblClick={this.onDoubleClick}
          >
            <g transform={`translate(${view.tx} ${view.ty}) scale(${view.scale})`}>
              <g ref={this.layerRef} data-layer="shapes">
                {shapes.map((s) => (
                  <ShapeView key={s.id} shape={s} lookup={lookup} />
                ))}
              </g>
              <g data-layer="overlay">
                {this.renderSelection(lookup)}
                {this.renderDraft()}
              </g>
            </g>
            <g data-layer="cursors" pointer-events="none">
              {cursors.map((c) => {
                const s = boardToScreen(view, c);
                return (
                  <g key={c.clientId} class="board-cursor" transform={`translate(${s.x} ${s.y})`}>
                    <path d="M0,0 L0,16 L4.5,12 L8,19 L10.5,18 L7,11 L12.5,11 Z" fill={c.color} stroke="#ffffff" stroke-width={1} />
                    <rect x={12} y={16} width={c.name.length * 7 + 10} height={18} rx={4} fill={c.color} />
                    <text x={17} y={29} font-size="12" font-family="system-ui, sans-serif" fill="#ffffff">
                      {c.name}
                    </text>
                  </g>
                );
              })}
            </g>
          </svg>
          {this.renderEditor()}
          {shapes.length === 0 ? (
            <p class="board-empty">{readOnly ? 'The board is empty.' : 'Pick a tool or a stencil above to start drawing.'}</p>
          ) : null}
        </div>
      </div>
    );
  }
}

