/**
 * The gesture in progress, whichever tool started it, and one entry point per pointer event.
 * The middle button, and the hand tool, always pan; other tools start on the primary button only,
 * and every gesture that may write starts a fresh undo step.
 */
import type { Tool, BoxType } from '../tools.js';
import { arrowTool, type ArrowGesture } from './arrow.js';
import { boxTool, type BoxGesture } from './box.js';
import { panTool, type PanGesture } from './pan.js';
import { penTool, type PenGesture } from './pen.js';
import { selectTool, type SelectGesture } from './select.js';
import type { BoardSnapshot, Effect, GestureMachine, PointerInput, Step } from './types.js';

export type Gesture = SelectGesture | BoxGesture | ArrowGesture | PenGesture | PanGesture;

export type { ArrowGesture, BoxGesture, PanGesture, PenGesture, SelectGesture };
export { handleAt, resizableShape } from './select.js';
export { bindable, labellable, movePatches, roundBox, selectedShapes } from './helpers.js';
export * from './types.js';

const BOX_TOOLS: Record<BoxType, GestureMachine<BoxGesture>> = {
  rect: boxTool('rect'),
  ellipse: boxTool('ellipse'),
  diamond: boxTool('diamond'),
  database: boxTool('database'),
  text: boxTool('text'),
  sticky: boxTool('sticky'),
};

/** Runs `run` with the machine that owns gesture `g`. */
function withMachine<R>(g: Gesture, run: <S extends Gesture>(machine: GestureMachine<S>, state: S) => R): R {
  switch (g.kind) {
    case 'pan':
      return run(panTool, g);
    case 'move':
    case 'resize':
    case 'marquee':
      return run(selectTool, g);
    case 'box':
      return run(BOX_TOOLS[g.type], g);
    case 'arrow':
      return run(arrowTool, g);
    case 'pen':
      return run(penTool, g);
  }
}

/** A press with `tool` (someone who may not write passes 'hand'). */
export function startGesture(tool: Tool, input: PointerInput, board: BoardSnapshot): Step<Gesture> {
  if (input.button === 1 || tool === 'hand') return panTool.down(input, board);
  if (input.button !== 0) return { state: null, effects: [] };
  const machine: GestureMachine<Gesture>['down'] =
    tool === 'select' ? selectTool.down : tool === 'arrow' ? arrowTool.down : tool === 'pen' ? penTool.down : BOX_TOOLS[tool].down;
  const step = machine(input, board);
  return { state: step.state, effects: [{ kind: 'checkpoint' }, ...step.effects] };
}

export function moveGesture(g: Gesture, input: PointerInput, board: BoardSnapshot): Step<Gesture> {
  return withMachine<Step<Gesture>>(g, (machine, state) => machine.move(state, input, board));
}

export function endGesture(g: Gesture, input: PointerInput, board: BoardSnapshot): Effect[] {
  return withMachine(g, (machine, state) => machine.up(state, input, board));
}

export function cancelGesture(g: Gesture, board: BoardSnapshot): Effect[] {
  return withMachine(g, (machine, state) => machine.cancel(state, board));
}

/** Whether the gesture draws something of its own (a marquee, a box or arrow outline, ink). */
export function drawsDraft(g: Gesture | null): boolean {
  return g !== null && (g.kind === 'marquee' || g.kind === 'box' || g.kind === 'arrow' || g.kind === 'pen');
}
