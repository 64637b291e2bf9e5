/**
 * Other people on the board: where their pointer is and what they have selected, carried in
 * Yjs awareness (`boardCursor`, `boardSelection`, next to the pad's `user`). Reading is a pure
 * function that distrusts every field, since any client can put anything in its awareness state.
 */
import type { Awareness } from 'y-protocols/awareness';
import { round, type Point } from './geometry.js';

export interface RemoteCursor {
  clientId: number;
  name: string;
  color: string;
  x: number;
  y: number;
}

/** Shapes someone else has selected, outlined in their colour so two people don't fight over one. */
export interface RemoteSelection {
  clientId: number;
  name: string;
  color: string;
  ids: string[];
}

export interface BoardPresenceState {
  cursors: RemoteCursor[];
  selections: RemoteSelection[];
}

/** Publish the local board cursor at most this often. */
export const CURSOR_INTERVAL_MS = 40;
/** A remote selection is drawn for at most this many shapes: a hostile state cannot make us draw thousands of outlines. */
export const MAX_REMOTE_SELECTION = 500;
const FALLBACK_COLOR = '#64748b';

/** Everyone's board presence but `self`'s, from awareness states. */
export function readPresence(states: ReadonlyMap<number, Record<string, unknown>>, self: number): BoardPresenceState {
  const cursors: RemoteCursor[] = [];
  const selections: RemoteSelection[] = [];
  states.forEach((state, clientId) => {
    if (clientId === self) return;
    const user = state['user'] as { name?: unknown; color?: unknown } | undefined;
    const name = typeof user?.name === 'string' ? user.name : 'Someone';
    const color = typeof user?.color === 'string' ? user.color : FALLBACK_COLOR;
    const selected: unknown = state['boardSelection'];
    if (Array.isArray(selected)) {
      const ids = selected.filter((id): id is string => typeof id === 'string').slice(0, MAX_REMOTE_SELECTION);
      if (ids.length) selections.push({ clientId, name, color, ids });
    }
    const cursor = state['boardCursor'] as { x?: unknown; y?: unknown } | null | undefined;
    if (!cursor || typeof cursor.x !== 'number' || typeof cursor.y !== 'number') return;
    cursors.push({ clientId, name, color, x: cursor.x, y: cursor.y });
  });
  return { cursors, selections };
}

/** The local side of board presence over one awareness: listen to others, publish our own. */
export class BoardPresence {
  private lastCursorAt = -Infinity;
  private readonly onAwareness = (): void => this.onChange(this.read());

  constructor(
    private readonly awareness: Awareness,
    private readonly onChange: (presence: BoardPresenceState) => void,
    private readonly now: () => number = () => performance.now(),
  ) {
    awareness.on('change', this.onAwareness);
  }

  read(): BoardPresenceState {
    return readPresence(this.awareness.getStates(), this.awareness.clientID);
  }

  /** Our pointer on the board (board coordinates), throttled; null (the pointer left) is sent at once. */
  publishCursor(p: Point | null): void {
    if (!p) {
      this.awareness.setLocalStateField('boardCursor', null);
      return;
    }
    const now = this.now();
    if (now - this.lastCursorAt < CURSOR_INTERVAL_MS) return;
    this.lastCursorAt = now;
    this.awareness.setLocalStateField('boardCursor', { x: round(p.x), y: round(p.y) });
  }

  publishSelection(ids: Iterable<string>): void {
    this.awareness.setLocalStateField('boardSelection', [...ids]);
  }

  /** Stops listening and withdraws our cursor and selection. */
  dispose(): void {
    this.awareness.off('change', this.onAwareness);
    this.awareness.setLocalStateField('boardCursor', null);
    this.awareness.setLocalStateField('boardSelection', null);
  }
}
