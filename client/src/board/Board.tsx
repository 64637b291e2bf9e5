/**
 * The system-design whiteboard: an SVG view over `pad.shapes` that wires the board's parts. DOM
 * events become inputs for the BoardController (tool, selection, gestures, keys, labels), which
 * writes through a BoardWriter so others see a shape move while it moves; rendering always reads
 * back from the document. The Viewport holds pan and zoom and BoardPresence other people's
 * pointers and selections. Without a writer (read-only, or no UndoManager given) the board can
 * still be panned, zoomed, selected and exported: `<Board doc={doc} readOnly />` shows any Y.Doc.
 */
import { Component, createRef, type JSX } from 'preact';
import type * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import { boardToScreen, lookupOf, shapeBounds, type ShapeLookup, type View } from './geometry.js';
import { BoardController } from './controller.js';
import type { PointerInput } from './gestures/index.js';
import { BoardOutline } from './BoardOutline.js';
import { LabelEditor } from './LabelEditor.js';
import { shapesOf } from './model.js';
import { GestureDraft, ResizeHandles, SelectionOutlines } from './Overlay.js';
import { BoardPresence, type BoardPresenceState } from './presence.js';
import { RemoteCursors, RemoteSelections } from './PresenceLayer.js';
import { ShapeView } from './render.js';
import { boardSvg, download, svgToPng } from './export.js';
import { Toolbar } from './Toolbar.js';
import { Viewport } from './viewport.js';
import { BoardWriter } from './writer.js';

export type { Tool } from './tools.js';
export type { BoardCommand } from './keyboard.js';
export { BoardController } from './controller.js';
export { createBoardUndoManager } from './writer.js';
export { Viewport } from './viewport.js';

export interface BoardProps {
  /** The document whose `shapes` are drawn (read at mount). */
  doc: Y.Doc;
  readOnly: boolean;
  /** Where other people's board pointers and selections come from and ours go; none, no presence. */
  awareness?: Awareness;
  /** Who draws, the origin of their changes and the UndoManager that tracks only it: without all three the board is read-only. */
  participantId?: string;
  origin?: object;
  undoManager?: Y.UndoManager;
  /** The view to show (read at mount): pass one to set or follow it from outside; by default the board has its own. */
  viewport?: Viewport;
}

interface BoardState {
  view: View;
  presence: BoardPresenceState;
  canUndo: boolean;
  canRedo: boolean;
  /** The text view (shapes as a list) is open; kept per browser. */
  textView: boolean;
}

const TEXT_VIEW_KEY = 'duet.board.textView';

function storedTextView(): boolean {
  try {
    return localStorage.getItem(TEXT_VIEW_KEY) === '1';
  } catch {
    return false;
  }
}

export class Board extends Component<BoardProps, BoardState> {
  readonly viewport: Viewport = this.props.viewport ?? new Viewport();
  readonly controller = new BoardController({
    doc: this.props.doc,
    viewport: this.viewport,
    writer: () => this.writer(),
    onChange: () => this.forceUpdate(),
    onSelect: (ids) => {
      if (this.writer()) this.presence?.publishSelection(ids);
    },
  });
  private svgRef = createRef<SVGSVGElement>();
  private layerRef = createRef<SVGGElement>();
  private frame = 0;
  private disposers: (() => void)[] = [];
  private presence: BoardPresence | null = null;

  override state: BoardState = { view: this.viewport.view, presence: { cursors: [], selections: [] }, canUndo: false, canRedo: false, textView: storedTextView() };

  override componentDidMount(): void {
    const { doc, awareness, undoManager } = this.props;
    const shapes = shapesOf(doc);
    const onShapes = (): void => this.scheduleRefresh();
    shapes.observeDeep(onShapes);
    this.disposers.push(() => shapes.unobserveDeep(onShapes));
    if (awareness) {
      const presence = new BoardPresence(awareness, (p) => this.setState({ presence: p }));
      this.presence = presence;
      this.disposers.push(() => presence.dispose());
      this.setState({ presence: presence.read() });
    }
    if (undoManager) {
      const onStack = (): void => this.setState({ canUndo: undoManager.canUndo(), canRedo: undoManager.canRedo() });
      const events = ['stack-item-added', 'stack-item-popped', 'stack-cleared'] as const;
      for (const event of events) undoManager.on(event, onStack);
      this.disposers.push(() => events.forEach((event) => undoManager.off(event, onStack)));
    }
    this.disposers.push(this.viewport.subscribe((view) => this.setState({ view })));
    const svg = this.svgRef.current;
    if (svg) {
      // The container changes size when the layout switches (Board, Split), the divider moves or
      // the window resizes; the viewport then keeps what was in sight in sight.
      const observer = new ResizeObserver(() => this.measure());
      observer.observe(svg);
      this.disposers.push(() => observer.disconnect());
      this.measure();
    }
    this.controller.refresh();
  }

  override componentWillUnmount(): void {
    cancelAnimationFrame(this.frame);
    for (const dispose of this.disposers) dispose();
  }

  exportSvg(): string | null {
    const layer = this.layerRef.current;
    return layer ? boardSvg(layer, this.controller.shapeBounds()) : null;
  }

  /** Null while this person may not change the board. */
  private writer(): BoardWriter | null {
    const { readOnly, doc, origin, undoManager, participantId } = this.props;
    return readOnly || !origin || !undoManager || participantId === undefined ? null : new BoardWriter(doc, origin, undoManager, participantId);
  }

  /** Document changes are read once per frame, however many arrive. */
  private scheduleRefresh(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.controller.refresh();
    });
  }

  private measure(): void {
    const rect = this.svgRef.current?.getBoundingClientRect();
    if (rect) this.viewport.resize({ width: rect.width, height: rect.height }, this.controller.contentBounds());
  }

  private focusBoard(): void {
    this.svgRef.current?.focus({ preventScroll: true });
  }

  private pointer(e: MouseEvent): PointerInput {
    const rect = this.svgRef.current?.getBoundingClientRect();
    const screen = { x: e.clientX - (rect?.left ?? 0), y: e.clientY - (rect?.top ?? 0) };
    return { screen, board: this.viewport.toBoard(screen), button: e.button, shift: e.shiftKey };
  }

  private onPointerDown = (e: PointerEvent): void => {
    const svg = this.svgRef.current;
    if (!svg) return;
    this.focusBoard();
    svg.setPointerCapture(e.pointerId);
    e.preventDefault();
    this.controller.pointerDown(this.pointer(e));
  };

  private onPointerMove = (e: PointerEvent): void => {
    const input = this.pointer(e);
    this.presence?.publishCursor(input.board);
    this.controller.pointerMove(input);
  };

  private onPointerUp = (e: PointerEvent): void => {
    const svg = this.svgRef.current;
    if (svg?.hasPointerCapture(e.pointerId)) svg.releasePointerCapture(e.pointerId);
    this.controller.pointerUp(this.pointer(e));
  };

  private onPointerLeave = (): void => this.presence?.publishCursor(null);

  private onWheel = (e: WheelEvent): void => {
    e.preventDefault();
    if (e.ctrlKey || e.metaKey) this.viewport.zoomAt(this.pointer(e).screen, Math.exp(-e.deltaY / 300));
    else this.viewport.panBy(e.deltaX, e.deltaY);
  };

  private onDoubleClick = (e: MouseEvent): void => this.controller.doubleClick(this.pointer(e).board);

  private onKeyDown = (e: KeyboardEvent): void => {
    if (this.controller.keyDown({ key: e.key, ctrl: e.ctrlKey, meta: e.metaKey, shift: e.shiftKey, alt: e.altKey })) e.preventDefault();
  };

  private commitLabel = (): void => {
    if (this.controller.commitLabel()) this.focusBoard();
  };

  private toggleTextView = (): void => {
    const textView = !this.state.textView;
    this.setState({ textView });
    try {
      localStorage.setItem(TEXT_VIEW_KEY, textView ? '1' : '0');
    } catch {
      // Storage refused (private mode): the choice lasts for this page only.
    }
  };

  private downloadSvg = (): void => {
    const svg = this.exportSvg();
    if (svg) download(new Blob([svg], { type: 'image/svg+xml' }), 'duet-board.svg');
  };

  private downloadPng = async (): Promise<void> => {
    const svg = this.exportSvg();
    if (svg) download(await svgToPng(svg), 'duet-board.png');
  };

  private renderLabelEditor(lookup: ShapeLookup): JSX.Element | null {
    const { labels } = this.controller;
    const editing = labels.current;
    const shape = editing ? lookup(editing.id) : undefined;
    if (!editing || !shape) return null;
    const b = shapeBounds(shape, lookup);
    const at = boardToScreen(this.state.view, { x: b.x + b.w / 2, y: b.y + b.h / 2 });
    return <LabelEditor value={editing.value} at={at} onInput={(v) => labels.input(v)} onCommit={this.commitLabel} onCancel={() => labels.cancel()} />;
  }

  override render(): JSX.Element {
    const { controller } = this;
    const { shapes, selection, tool } = controller;
    const readOnly = controller.readOnly;
    const { view, presence, canUndo, canRedo, textView } = this.state;
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
          onTool={(t) => controller.setTool(t)}
          onUndo={() => controller.run({ kind: 'undo' })}
          onRedo={() => controller.run({ kind: 'redo' })}
          onDelete={() => controller.deleteSelection()}
          onZoom={(f) => this.viewport.zoomBy(f)}
          onFit={() => this.viewport.fit(controller.contentBounds())}
          onExportSvg={this.downloadSvg}
          onExportPng={() => void this.downloadPng()}
          onStencil={(name) => controller.addStencil(name)}
          textView={this.state.textView}
          onTextView={this.toggleTextView}
        />
        <div class="board-canvas">
          <svg
            ref={this.svgRef}
            class={`board-svg tool-${readOnly ? 'hand' : tool}`}
            // Lower-case: Preact sets an SVG attribute under the name it is given, and an SVG element
            // has no `tabIndex` attribute: the board would never take focus, nor its shortcuts.
            tabindex={0}
            role="application"
            aria-label={readOnly ? 'Whiteboard (read-only)' : 'Whiteboard'}
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
                <RemoteSelections selections={presence.selections} lookup={lookup} scale={view.scale} />
                <SelectionOutlines shapes={shapes} selection={selection} lookup={lookup} scale={view.scale} />
                <ResizeHandles shape={controller.resizable} scale={view.scale} />
                <GestureDraft gesture={controller.gesture} scale={view.scale} />
              </g>
            </g>
            <RemoteCursors cursors={presence.cursors} view={view} />
          </svg>
          {this.renderLabelEditor(lookup)}
          {shapes.length === 0 ? (
            <p class="board-empty">{readOnly ? 'The board is empty.' : 'Pick a tool or a stencil above to start drawing.'}</p>
          ) : null}
          {/* Labelling is not discoverable otherwise: say how while one shape is selected and no label is being typed. */}
          {!readOnly && selection.size === 1 && !controller.labels.current ? (
            <p class="board-hint" data-testid="label-hint">
              Double-click the shape or press Enter to type its label.
            </p>
          ) : null}
        </div>
        {textView ? <BoardOutline controller={controller} shapes={shapes} selection={selection} readOnly={readOnly} /> : null}
      </div>
    );
  }
}
