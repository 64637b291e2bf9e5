/**
 * The board's keyboard shortcuts as a pure mapping from a key press to a command. The board
 * carries commands out (and refuses the writing ones to someone who may not write), so a
 * keyboard-only way of editing can reuse the same commands.
 */
import { TOOLS, VIEW_TOOLS, type Tool } from './tools.js';

export interface KeyInput {
  /** `KeyboardEvent.key`. */
  key: string;
  ctrl: boolean;
  meta: boolean;
  shift: boolean;
  alt: boolean;
}

export interface KeyContext {
  readOnly: boolean;
  selectionSize: number;
}

export type BoardCommand =
  | { kind: 'undo' }
  | { kind: 'redo' }
  | { kind: 'selectAll' }
  | { kind: 'delete' }
  /** Cancels the gesture in progress; with none, clears the selection and picks the select tool. */
  | { kind: 'escape' }
  /** Opens the label editor of the one selected shape. */
  | { kind: 'editLabel' }
  | { kind: 'nudge'; dx: number; dy: number }
  | { kind: 'tool'; tool: Tool };

/** `preventDefault`: the key is the board's, not the browser's (select all, back, scrolling). */
export interface KeyBinding {
  command: BoardCommand;
  preventDefault: boolean;
}

/** Arrow keys move the selection by this many board units; with Shift, by the larger step. */
export const NUDGE_STEP = 10;
export const NUDGE_STEP_LARGE = 50;

const ARROW_KEYS: Record<string, { x: number; y: number }> = {
  ArrowLeft: { x: -1, y: 0 },
  ArrowRight: { x: 1, y: 0 },
  ArrowUp: { x: 0, y: -1 },
  ArrowDown: { x: 0, y: 1 },
};

function bind(command: BoardCommand, preventDefault = true): KeyBinding {
  return { command, preventDefault };
}

/** The command for a key press, or null when the key is not a board shortcut. */
export function keyBinding(input: KeyInput, context: KeyContext): KeyBinding | null {
  const mod = input.ctrl || input.meta;
  const key = input.key.toLowerCase();
  if (mod && key === 'z') return bind({ kind: input.shift ? 'redo' : 'undo' });
  if (mod && key === 'y') return bind({ kind: 'redo' });
  if (mod && key === 'a') return bind({ kind: 'selectAll' });
  if (input.key === 'Delete' || input.key === 'Backspace') return bind({ kind: 'delete' });
  if (input.key === 'Escape') return bind({ kind: 'escape' }, false);
  if (input.key === 'Enter' && context.selectionSize === 1 && !context.readOnly) return bind({ kind: 'editLabel' });
  const dir = ARROW_KEYS[input.key];
  if (dir && context.selectionSize > 0 && !context.readOnly) {
    const step = input.shift ? NUDGE_STEP_LARGE : NUDGE_STEP;
    return bind({ kind: 'nudge', dx: dir.x * step, dy: dir.y * step });
  }
  if (mod || input.alt) return null;
  const tool = TOOLS.find((t) => t.key === key)?.tool;
  if (!tool || (context.readOnly && !VIEW_TOOLS.includes(tool))) return null;
  return bind({ kind: 'tool', tool }, false);
}
