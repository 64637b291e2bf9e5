/**
 * One person's hands on the board, without the DOM: the tool they hold, what they have selected,
 * the gesture in progress and the label being typed. Pointer inputs go to the gesture machines
 * and key presses to commands; the effects are carried out here, writing through a BoardWriter.
 * The board component only turns DOM events into inputs and draws what this holds, so a
 * keyboard-only interface or a test can drive the board through the same calls.
 */
import type * as Y from 'yjs';
import { MAX_LABEL_LENGTH, STENCILS, type ShapeData, type StencilName } from '../../../shared/schema.js';
import { findFreeSpot, lookupOf, shapeAt, shapeBounds, unionBoxes, type Box, type Point } from './geometry.js';
import { cancelGesture, drawsDraft, endGesture, hitTolerance, labellable, moveGesture, resizableShape, roundBox, startGesture } from './gestures/index.js';
import type { BoardSnapshot, Effect, Gesture, PointerInput, Step } from './gestures/index.js';
import { keyBinding, type BoardCommand, type KeyInput } from './keyboard.js';
import { LabelEditing } from './labels.js';
import { readShapes } from './model.js';
import { connectorShape, resizePatch } from './outline.js';
import { DEFAULT_LABEL, DEFAULT_SIZE, type BoxType, type Tool } from './tools.js';
import type { Viewport } from './viewport.js';
import type { BoardWriter } from './writer.js';

export interface BoardControllerOptions {
  doc: Y.Doc;
  viewport: Viewport;
  /** This person's writer, asked at each use: null whenever they may not change the board. */
  writer: () => BoardWriter | null;
  /** Something drawn changed. */
  onChange: () => void;
  /** The selection changed (to publish it to others). */
  onSelect?: (ids: ReadonlySet<string>) => void;
}

export class BoardController {
  shapes: readonly ShapeData[] = [];
  selection: ReadonlySet<string> = new Set();
  tool: Tool = 'select';
  gesture: Gesture | null = null;
  readonly labels: LabelEditing;

  constructor(private readonly options: BoardControllerOptions) {
    this.labels = new LabelEditing(() => options.onChange());
  }

  get readOnly(): boolean {
    return this.options.writer() === null;
  }

  /** The one selected box that shows resize handles, if this person may resize it. */
  get resizable(): ShapeData | null {
    return this.readOnly ? null : resizableShape(this);
  }

  /** Reads the shapes from the document again; shapes that are gone leave the selection. */
  refresh(): void {
    this.shapes = readShapes(this.options.doc);
    const ids = new Set(this.shapes.map((s) => s.id));
    if ([...this.selection].some((id) => !ids.has(id))) this.select([...this.selection].filter((id) => ids.has(id)));
    this.options.onChange();
  }

  shapeBounds(): Box[] {
    const lookup = lookupOf(this.shapes);
    return this.shapes.map((s) => shapeBounds(s, lookup));
  }

  /** The bounds of everything drawn, or null for an empty board. */
  contentBounds(): Box | null {
    return unionBoxes(this.shapeBounds());
  }

  // ---- pointer ----

  pointerDown(input: PointerInput): void {
    this.commitLabel();
    this.step(startGesture(this.readOnly ? 'hand' : this.tool, input, this.snapshot()));
  }

  pointerMove(input: PointerInput): void {
    if (this.gesture) this.step(moveGesture(this.gesture, input, this.snapshot()));
  }

  pointerUp(input: PointerInput): void {
    const g = this.gesture;
    if (!g) return;
    this.gesture = null;
    this.apply(endGesture(g, input, this.snapshot()));
    this.options.onChange();
  }

  /** A double click at board point `p` edits the label of the shape there. */
  doubleClick(p: Point): void {
    if (this.readOnly) return;
    const hit = shapeAt(this.shapes, p, hitTolerance(this.options.viewport.view), labellable);
    if (!hit) return;
    this.select([hit.id]);
    this.editLabel(hit.id);
  }

  // ---- keyboard and commands ----

  /** Runs the board's shortcut for a key press; returns whether the browser's default must be prevented. */
  keyDown(input: KeyInput): boolean {
    if (this.labels.current) return false;
    const binding = keyBinding(input, { readOnly: this.readOnly, selectionSize: this.selection.size });
    if (binding) this.run(binding.command);
    return binding?.preventDefault ?? false;
  }

  run(command: BoardCommand): void {
    switch (command.kind) {
      case 'undo':
        return this.options.writer()?.undo();
      case 'redo':
        return this.options.writer()?.redo();
      case 'selectAll':
        return this.select(this.shapes.map((s) => s.id));
      case 'delete':
        return this.deleteSelection();
      case 'escape':
        return this.escape();
      case 'editLabel':
        return this.editLabel([...this.selection][0]);
      case 'nudge':
        return this.options.writer()?.nudge(this.shapes, this.selection, command.dx, command.dy);
      case 'tool':
        return this.setTool(command.tool);
    }
  }

  setTool(tool: Tool): void {
    this.tool = tool;
    this.options.onChange();
  }

  /** Adds a stencil in a free spot near the middle of what is shown, selected. */
  addStencil(name: StencilName): void {
    const writer = this.options.writer();
    if (!writer) return;
    const stencil = STENCILS[name];
    const spot = findFreeSpot(this.shapeBounds(), this.options.viewport.center(), DEFAULT_SIZE[stencil.type]);
    const id = writer.add({ type: stencil.type, ...roundBox(spot), label: stencil.label, stencil: name });
    this.select([id]);
    this.setTool('select');
  }

  /** Adds a box of `type` in a free spot near the middle of what is shown, selected (the text view's "Add"). */
  addBox(type: BoxType, label: string): string | null {
    const writer = this.options.writer();
    if (!writer) return null;
    // A wider gap than stencils get: an arrow joining two boxes added this way has room to be seen.
    const spot = findFreeSpot(this.shapeBounds(), this.options.viewport.center(), DEFAULT_SIZE[type], 80);
    const text = label.trim() || DEFAULT_LABEL[type];
    const id = writer.add({ type, ...roundBox(spot), ...(text ? { label: text.slice(0, MAX_LABEL_LENGTH) } : {}) });
    this.select([id]);
    return id;
  }

  /** Joins two boxes with an arrow bound to both; null when either is missing or they are the same box. */
  connect(fromId: string, toId: string, label = ''): string | null {
    const writer = this.options.writer();
    const from = this.shapes.find((s) => s.id === fromId);
    const to = this.shapes.find((s) => s.id === toId);
    if (!writer || !from || !to || from.id === to.id) return null;
    const id = writer.add(connectorShape(from, to, label.slice(0, MAX_LABEL_LENGTH)));
    this.select([id]);
    return id;
  }

  /** Selects exactly `ids` (the text view's way to pick a shape). */
  selectOnly(ids: Iterable<string>): void {
    this.select(ids);
  }

  /** Moves one shape by (dx, dy) as its own undo step. */
  move(id: string, dx: number, dy: number): void {
    this.options.writer()?.nudge(this.shapes, new Set([id]), dx, dy);
  }

  /** Grows or shrinks one box at its bottom-right corner, as its own undo step. */
  resize(id: string, dw: number, dh: number): void {
    const writer = this.options.writer();
    const shape = this.shapes.find((s) => s.id === id);
    if (!writer || !shape || shape.type === 'arrow' || shape.type === 'pen') return;
    writer.checkpoint();
    writer.patch(new Map([[id, resizePatch(shape, dw, dh)]]));
  }

  /** Writes a label directly (the text view's label field). */
  setLabel(id: string, label: string): void {
    const shape = this.shapes.find((s) => s.id === id);
    if (shape && labellable(shape)) this.options.writer()?.setLabel(id, label.slice(0, MAX_LABEL_LENGTH));
  }

  /** Deletes one shape (and the arrows bound to it). */
  remove(id: string): void {
    this.options.writer()?.remove([id]);
    if (this.selection.has(id)) this.select([...this.selection].filter((s) => s !== id));
  }

  deleteSelection(): void {
    const writer = this.options.writer();
    if (!writer || this.selection.size === 0) return;
    writer.remove(this.selection);
    this.select([]);
  }

  /** Writes the label being typed, if any; returns whether it did. */
  commitLabel(): boolean {
    const draft = this.labels.finish();
    const writer = this.options.writer();
    if (!draft || !writer) return false;
    writer.setLabel(draft.id, draft.value);
    return true;
  }

  // ---- internals ----

  private snapshot(): BoardSnapshot {
    return { shapes: this.shapes, selection: this.selection, view: this.options.viewport.view };
  }

  private select(ids: Iterable<string>): void {
    this.selection = new Set(ids);
    this.options.onSelect?.(this.selection);
    this.options.onChange();
  }

  /** Escape abandons the gesture in progress; with none, it drops the selection and picks the select tool. */
  private escape(): void {
    const g = this.gesture;
    if (!g) {
      this.select([]);
      return this.setTool('select');
    }
    this.gesture = null;
    this.apply(cancelGesture(g, this.snapshot()));
    this.options.onChange();
  }

  private editLabel(id: string | undefined): void {
    const shape = this.shapes.find((s) => s.id === id);
    if (shape && labellable(shape) && !this.readOnly) this.labels.start(shape.id, shape.label ?? '');
  }

  private step(step: Step<Gesture>): void {
    const redraw = drawsDraft(this.gesture) || drawsDraft(step.state);
    this.gesture = step.state;
    this.apply(step.effects);
    if (redraw) this.options.onChange();
  }

  private apply(effects: readonly Effect[]): void {
    const writer = this.options.writer();
    for (const effect of effects) {
      switch (effect.kind) {
        case 'checkpoint':
          writer?.checkpoint();
          break;
        case 'select':
          this.select(effect.ids);
          break;
        case 'patch':
          writer?.patch(effect.patches);
          break;
        case 'add': {
          if (!writer) break;
          const id = writer.add(effect.shape);
          if (effect.select) this.select([id]);
          if (effect.editLabel) this.labels.start(id, effect.shape.label ?? '');
          break;
        }
        case 'tool':
          this.setTool(effect.tool);
          break;
        case 'view':
          this.options.viewport.set(effect.view);
          break;
      }
    }
  }
}
