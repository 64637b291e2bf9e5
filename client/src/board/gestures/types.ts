/**
 * What every tool's gesture machine shares. A machine is a set of pure functions of (its state, a
 * pointer event, a snapshot of the board) → (its next state, effects): no DOM, no Yjs. The board
 * component turns DOM events into `PointerInput`s and carries the effects out, so a gesture is
 * unit-tested by feeding it points and reading the effects back.
 */
import type { ShapeData } from '../../../../shared/schema.js';
import type { Point, View } from '../geometry.js';
import type { Tool } from '../tools.js';

/** A drag shorter than this (screen px) is a click. */
export const CLICK_SLOP = 4;
/** How near (screen px) a pointer must come to a shape's outline or stroke to hit it. */
export const HIT_TOLERANCE = 6;
/** How near (screen px, either axis) a pointer must come to a resize handle to grab it. */
export const HANDLE_REACH = 7;

/** The board as the gesture sees it: the shapes drawn, the local selection and the view. */
export interface BoardSnapshot {
  readonly shapes: readonly ShapeData[];
  readonly selection: ReadonlySet<string>;
  readonly view: View;
}

export interface PointerInput {
  /** Relative to the board's top-left corner, in screen pixels. */
  screen: Point;
  /** The same point in board coordinates. */
  board: Point;
  /** 0 primary, 1 middle (always pans), 2 secondary. */
  button: number;
  shift: boolean;
}

/** A shape to add: the writer gives it an id, the next z and its author. */
export type NewShape = Omit<ShapeData, 'id' | 'z' | 'author'>;

export type Effect =
  /** Cut the undo capture here, so one gesture is one undo step. */
  | { kind: 'checkpoint' }
  | { kind: 'select'; ids: ReadonlySet<string> }
  /** Written while the pointer moves, so others see a shape move while it moves. */
  | { kind: 'patch'; patches: ReadonlyMap<string, Partial<ShapeData>> }
  /** `select`: the new shape becomes the selection; `editLabel`: its label editor opens. */
  | { kind: 'add'; shape: NewShape; select: boolean; editLabel: boolean }
  | { kind: 'tool'; tool: Tool }
  | { kind: 'view'; view: View };

/** A machine's answer to an event: its next state (null: the gesture is over) and its effects. */
export interface Step<S> {
  state: S | null;
  effects: Effect[];
}

/** One tool's gesture: started by a primary-button press, then moves, then release or cancel. */
export interface GestureMachine<S> {
  down(input: PointerInput, board: BoardSnapshot): Step<S>;
  move(state: S, input: PointerInput, board: BoardSnapshot): Step<S>;
  up(state: S, input: PointerInput, board: BoardSnapshot): Effect[];
  /** Escape: undo whatever the gesture already wrote or selected, add nothing. */
  cancel(state: S, board: BoardSnapshot): Effect[];
}

export function hitTolerance(view: View): number {
  return HIT_TOLERANCE / view.scale;
}
