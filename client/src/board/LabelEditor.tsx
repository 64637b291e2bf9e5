/** The text input that edits a shape's label in place, centred on the shape. */
import type { JSX } from 'preact';
import { MAX_LABEL_LENGTH } from '../../../shared/schema.js';
import type { Point } from './geometry.js';

export interface LabelEditorProps {
  value: string;
  /** The shape's centre, in screen pixels relative to the board. */
  at: Point;
  onInput: (value: string) => void;
  /** Enter, or leaving the input. */
  onCommit: () => void;
  /** Escape: the label stays as it was. */
  onCancel: () => void;
}

/** Module-level, so it runs when the input mounts and not on every render. */
function focusAndSelect(el: HTMLInputElement | null): void {
  if (el) {
    el.focus();
    el.select();
  }
}

export function LabelEditor(props: LabelEditorProps): JSX.Element {
  return (
    <input
      class="board-label-input"
      aria-label="Shape label"
      value={props.value}
      style={{ left: `${props.at.x - 90}px`, top: `${props.at.y - 16}px` }}
      maxLength={MAX_LABEL_LENGTH}
      ref={focusAndSelect}
      onInput={(e) => props.onInput(e.currentTarget.value)}
      onKeyDown={(e) => {
        // Keys typed into the label are not board shortcuts (Enter would reopen the editor).
        e.stopPropagation();
        if (e.key === 'Enter') props.onCommit();
        if (e.key === 'Escape') props.onCancel();
      }}
      onBlur={props.onCommit}
    />
  );
}
