/**
 * The board's text view: every shape, label and arrow as a list of buttons, and the forms that add
 * a box, connect two boxes and relabel one. It is how a screen-reader user reads the board and how
 * anyone edits it without a pointer: a focused line takes arrow keys (move), Alt+arrows (resize),
 * F2 (label) and Delete, all carried out by the same BoardController as the pointer gestures.
 */
import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { MAX_LABEL_LENGTH, type ShapeData } from '../../../shared/schema.js';
import { announce } from '../a11y/announcements.js';
import type { BoardController } from './controller.js';
import { lookupOf } from './geometry.js';
import { BOX_TYPES, connectable, describeShape, outlineKey, outlineOrder, shapeName, typeName } from './outline.js';
import type { BoxType } from './tools.js';

export interface BoardOutlineProps {
  controller: BoardController;
  shapes: readonly ShapeData[];
  selection: ReadonlySet<string>;
  readOnly: boolean;
}

const HELP_ID = 'board-outline-help';

export function BoardOutline(props: BoardOutlineProps): JSX.Element {
  const { controller, shapes, selection, readOnly } = props;
  const list = useRef<HTMLUListElement>(null);
  /** The shape whose label field is to take the focus once it is drawn (F2 on its line). */
  const [labelFocus, setLabelFocus] = useState<string | null>(null);
  const lookup = lookupOf(shapes);
  const items = outlineOrder(shapes);
  const selected = selection.size === 1 ? shapes.find((s) => selection.has(s.id)) : undefined;

  const focusItem = (id: string | undefined): void => {
    const button = id ? list.current?.querySelector<HTMLButtonElement>(`[data-shape-id="${CSS.escape(id)}"]`) : null;
    button?.focus();
  };
  /** Says what a shape is now, after the document was read again. */
  const tell = (id: string, prefix: string): void => {
    controller.refresh();
    const shape = controller.shapes.find((s) => s.id === id);
    if (shape) announce(`${prefix}: ${describeShape(shape, lookupOf(controller.shapes))}.`);
  };

  const onItemKey = (e: KeyboardEvent, shape: ShapeData, index: number): void => {
    if (readOnly) return;
    const command = outlineKey({ key: e.key, ctrl: e.ctrlKey, meta: e.metaKey, shift: e.shiftKey, alt: e.altKey }, shape);
    if (!command) return;
    e.preventDefault();
    switch (command.kind) {
      case 'move':
        controller.move(shape.id, command.dx, command.dy);
        return tell(shape.id, 'Moved');
      case 'resize':
        controller.resize(shape.id, command.dw, command.dh);
        return tell(shape.id, 'Resized');
      case 'editLabel':
        setLabelFocus(shape.id);
        controller.selectOnly([shape.id]);
        return;
      case 'delete': {
        const next = items[index + 1] ?? items[index - 1];
        controller.remove(shape.id);
        announce(`Deleted ${shapeName(shape)}.`);
        requestAnimationFrame(() => (next ? focusItem(next.id) : list.current?.focus()));
        return;
      }
    }
  };

  return (
    // Keys typed here are the text view's, never the board's shortcuts (which bubble from the board root).
    <section class="board-outline" aria-labelledby="board-outline-title" onKeyDown={(e) => e.stopPropagation()}>
      <h2 id="board-outline-title">Board as text</h2>
      {!readOnly ? (
        <p class="hint" id={HELP_ID}>
          On a shape: arrow keys move it, Alt+arrows resize it (Shift: bigger steps), F2 edits its label, Delete removes it.
        </p>
      ) : null}
      <ul class="outline-list" ref={list} tabIndex={-1} aria-label="Shapes on the board">
        {items.length === 0 ? <li class="muted">No shapes yet.</li> : null}
        {items.map((s, i) => (
          <li key={s.id}>
            <button
              type="button"
              class="outline-item"
              data-shape-id={s.id}
              aria-pressed={selection.has(s.id)}
              aria-describedby={readOnly ? undefined : HELP_ID}
              onClick={() => controller.selectOnly([s.id])}
              onKeyDown={(e) => onItemKey(e, s, i)}
            >
              {describeShape(s, lookup)}
            </button>
          </li>
        ))}
      </ul>
      {!readOnly && selected && selected.type !== 'pen' ? (
        <LabelForm key={selected.id} shape={selected} focus={labelFocus === selected.id} onFocused={() => setLabelFocus(null)} onSave={(label) => {
          controller.setLabel(selected.id, label);
          tell(selected.id, 'Label set');
          focusItem(selected.id);
        }} onCancel={() => focusItem(selected.id)} />
      ) : null}
      {!readOnly ? <AddForm onAdd={(type, label) => controller.addBox(type, label)} onAdded={(id) => tell(id, 'Added')} /> : null}
      {!readOnly ? <ConnectForm shapes={shapes} onConnect={(from, to, label) => controller.connect(from, to, label)} onAdded={(id) => tell(id, 'Added')} /> : null}
    </section>
  );
}

function LabelForm(props: { shape: ShapeData; focus: boolean; onFocused: () => void; onSave: (label: string) => void; onCancel: () => void }): JSX.Element {
  const [value, setValue] = useState(props.shape.label ?? '');
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => setValue(props.shape.label ?? ''), [props.shape.label]);
  useEffect(() => {
    if (!props.focus || !input.current) return;
    input.current.focus();
    input.current.select();
    props.onFocused();
  }, [props.focus]);
  return (
    <form
      class="outline-form"
      aria-label="Selected shape"
      onSubmit={(e) => {
        e.preventDefault();
        props.onSave(value);
      }}
    >
      <label>
        Label of the selected {typeName(props.shape.type).toLowerCase()}{' '}
        <input
          ref={input}
          value={value}
          maxLength={MAX_LABEL_LENGTH}
          onInput={(e) => setValue(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') props.onCancel();
          }}
        />
      </label>
      <button type="submit">Set label</button>
    </form>
  );
}

function AddForm(props: { onAdd: (type: BoxType, label: string) => string | null; onAdded: (id: string) => void }): JSX.Element {
  const [type, setType] = useState<BoxType>('rect');
  const [label, setLabel] = useState('');
  return (
    <form
      class="outline-form"
      aria-label="Add a shape"
      onSubmit={(e) => {
        e.preventDefault();
        const id = props.onAdd(type, label);
        if (id) {
          setLabel('');
          props.onAdded(id);
        }
      }}
    >
      <label>
        New shape{' '}
        <select value={type} onChange={(e) => setType(e.currentTarget.value as BoxType)}>
          {BOX_TYPES.map((t) => (
            <option key={t} value={t}>
              {typeName(t)}
            </option>
          ))}
        </select>
      </label>
      <label>
        Its label <input value={label} maxLength={MAX_LABEL_LENGTH} onInput={(e) => setLabel(e.currentTarget.value)} />
      </label>
      <button type="submit">Add shape</button>
    </form>
  );
}

function ConnectForm(props: {
  shapes: readonly ShapeData[];
  onConnect: (from: string, to: string, label: string) => string | null;
  onAdded: (id: string) => void;
}): JSX.Element | null {
  const boxes = connectable(props.shapes);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [label, setLabel] = useState('');
  if (boxes.length < 2) return null;
  // Until someone picks, the first two boxes; a pick that was deleted falls back the same way.
  const fromId = boxes.some((b) => b.id === from) ? from : boxes[0]!.id;
  const toId = boxes.some((b) => b.id === to) ? to : (boxes.find((b) => b.id !== fromId)?.id ?? '');
  const option = (b: ShapeData) => (
    <option key={b.id} value={b.id}>
      {shapeName(b)} ({typeName(b.type).toLowerCase()})
    </option>
  );
  return (
    <form
      class="outline-form"
      aria-label="Connect two shapes"
      onSubmit={(e) => {
        e.preventDefault();
        const id = props.onConnect(fromId, toId, label);
        if (id) {
          setLabel('');
          props.onAdded(id);
        }
      }}
    >
      <label>
        Arrow from <select value={fromId} onChange={(e) => setFrom(e.currentTarget.value)}>{boxes.map(option)}</select>
      </label>
      <label>
        to <select value={toId} onChange={(e) => setTo(e.currentTarget.value)}>{boxes.map(option)}</select>
      </label>
      <label>
        Arrow label <input value={label} maxLength={MAX_LABEL_LENGTH} onInput={(e) => setLabel(e.currentTarget.value)} />
      </label>
      <button type="submit" disabled={fromId === toId}>
        Connect
      </button>
    </form>
  );
}
