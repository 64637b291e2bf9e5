/**
 * Following someone's view: each person publishes where they look — the pad's top visible line
 * and the board's viewport — in their awareness state (`view`), and a follower applies the view of
 * the person they follow as it changes. All of it is client-side: the server only relays
 * awareness, with the `user` (whose state it is) stamped from the token, so a state cannot claim
 * to be someone else's view.
 */
import type { Awareness } from 'y-protocols/awareness';
import type { EditorView } from '@codemirror/view';
import { VIEW_FIELD, type SharedView } from '../../../shared/people.js';
import type { Viewport } from '../board/viewport.js';

/** How often a person's own view is published at most: scrolling fires far more often. */
export const PUBLISH_INTERVAL_MS = 120;

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** The view `participantId` shares, from awareness states (any client may put anything there: checked). */
export function viewOf(states: ReadonlyMap<number, Record<string, unknown>>, participantId: string): SharedView | null {
  for (const state of states.values()) {
    const user = state['user'] as { id?: unknown } | undefined;
    if (user?.id !== participantId) continue;
    const raw = state[VIEW_FIELD] as { padTopLine?: unknown; board?: { x?: unknown; y?: unknown; zoom?: unknown } } | undefined;
    if (!raw || typeof raw !== 'object') continue;
    const view: SharedView = {};
    if (finite(raw.padTopLine) && raw.padTopLine >= 0) view.padTopLine = raw.padTopLine;
    const b = raw.board;
    if (b && finite(b.x) && finite(b.y) && finite(b.zoom) && b.zoom > 0) view.board = { x: b.x, y: b.y, zoom: b.zoom };
    return view;
  }
  return null;
}

/** The pad's first visible line (0-based), from the editor's scroll position. */
export function padTopLine(editor: EditorView): number {
  const block = editor.lineBlockAtHeight(editor.scrollDOM.scrollTop);
  return editor.state.doc.lineAt(block.from).number - 1;
}

/** Scrolls the pad so that `line` (0-based) is the first visible line. */
export function scrollPadTo(editor: EditorView, line: number): void {
  const doc = editor.state.doc;
  const target = doc.line(Math.min(doc.lines, Math.max(1, Math.round(line) + 1)));
  editor.scrollDOM.scrollTop = editor.lineBlockAt(target.from).top;
}

/** Publishes this person's view into their awareness state, throttled; returns the stop. */
export function shareView(awareness: Awareness, editor: () => EditorView | null, viewport: Viewport): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const publish = (): void => {
    timer = null;
    const pad = editor();
    const v = viewport.view;
    const view: SharedView = { board: { x: Math.round(v.tx), y: Math.round(v.ty), zoom: Math.round(v.scale * 1000) / 1000 } };
    if (pad) view.padTopLine = padTopLine(pad);
    awareness.setLocalStateField(VIEW_FIELD, view);
  };
  const schedule = (): void => {
    timer ??= setTimeout(publish, PUBLISH_INTERVAL_MS);
  };
  const unsubscribe = viewport.subscribe(schedule);
  // Scroll events do not bubble: listened to in the capture phase, for whichever editor is shown.
  const onScroll = (e: Event): void => {
    const pad = editor();
    if (pad && e.target === pad.scrollDOM) schedule();
  };
  document.addEventListener('scroll', onScroll, true);
  schedule();
  return () => {
    unsubscribe();
    document.removeEventListener('scroll', onScroll, true);
    if (timer) clearTimeout(timer);
  };
}

/** Applies a followed person's view to this page's pad and board. */
export function applyView(view: SharedView, editor: EditorView | null, viewport: Viewport): void {
  if (editor && view.padTopLine !== undefined) scrollPadTo(editor, view.padTopLine);
  if (view.board) viewport.set({ tx: view.board.x, ty: view.board.y, scale: view.board.zoom });
}

/** Input that is this person's own scrolling or editing: it stops following. Programmatic scrolls fire none of these. */
export const OWN_INPUT_EVENTS = ['wheel', 'pointerdown', 'keydown', 'touchstart'] as const;
