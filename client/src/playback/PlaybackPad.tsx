/**
 * The pad during playback: a read-only CodeMirror showing the code as it was, with the characters
 * typed in the last moments tinted in their author's colour (fading with age). Not bound to Yjs:
 * the page hands it the text of the reconstructed document at the playhead.
 */
import type { JSX } from 'preact';
import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import { Compartment, EditorState, RangeSetBuilder, StateEffect, StateField, type Extension } from '@codemirror/state';
import { Decoration, EditorView, lineNumbers, type DecorationSet } from '@codemirror/view';
import { defaultHighlightStyle, syntaxHighlighting } from '@codemirror/language';
import type { Language } from '../../../shared/schema.js';
import { loadLanguage } from '../pad/languages.js';

export interface Tint {
  from: number;
  to: number;
  color: string;
  /** 0 = just typed, 1 = about to fade out. */
  age: number;
}

const theme = EditorView.theme({
  '&': { height: '100%', fontSize: '14px', backgroundColor: '#ffffff' },
  '.cm-scroller': { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', lineHeight: '1.5' },
});

/** `#rrggbb` at an opacity, for a background tint. */
function withAlpha(color: string, alpha: number): string {
  const hex = /^#([0-9a-f]{6})$/i.exec(color)?.[1];
  if (!hex) return color;
  const n = parseInt(hex, 16);
  return `rgba(${n >> 16}, ${(n >> 8) & 255}, ${n & 255}, ${alpha.toFixed(2)})`;
}

function decorations(tints: readonly Tint[], length: number): DecorationSet {
  const builder = new RangeSetBuilder<Decoration>();
  for (const t of tints) {
    const to = Math.min(t.to, length);
    if (t.from >= to) continue;
    // Light enough that highlighted code keeps its contrast (WCAG AA) on the freshest tint.
    const alpha = 0.2 * (1 - t.age) + 0.06;
    builder.add(t.from, to, Decoration.mark({ attributes: { style: `background-color: ${withAlpha(t.color, alpha)}`, class: 'recent-edit' } }));
  }
  return builder.finish();
}

/**
 * The tints as a state field set by an effect: reconfiguring a compartment on every frame would
 * rebuild the editor's whole configuration; an effect only swaps the decoration set.
 */
const setTints = StateEffect.define<DecorationSet>();
const tintField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update: (value, tr) => tr.effects.reduce((v, e) => (e.is(setTints) ? e.value : v), value.map(tr.changes)),
  provide: (field) => EditorView.decorations.from(field),
});

/**
 * Above this many characters changed, the pad takes a new editor state instead of a change: a
 * change to a fully parsed document makes the language re-parse the whole document before the
 * frame (up to its 20 ms budget), while a new state parses only the first screenful and leaves the
 * rest to idle time. Playing forward changes a few characters and keeps the parse tree.
 */
const REPLACE_STATE_ABOVE = 2_000;

/** The middle `[from, to)` of `old` that differs from `text`, and what replaces it. */
function changedMiddle(old: string, text: string): { from: number; to: number; insert: string } {
  let start = 0;
  while (start < old.length && start < text.length && old.charCodeAt(start) === text.charCodeAt(start)) start++;
  let end = 0;
  while (end < old.length - start && end < text.length - start && old.charCodeAt(old.length - 1 - end) === text.charCodeAt(text.length - 1 - end)) end++;
  return { from: start, to: old.length - end, insert: text.slice(start, text.length - end) };
}

export function PlaybackPad(props: { text: string; language: Language; tints: readonly Tint[] }): JSX.Element {
  const host = useRef<HTMLDivElement>(null);
  const viewRef = useRef<EditorView | null>(null);
  const languageSlot = useRef(new Compartment());
  /** The loaded language, so that a new state starts with it. */
  const languageExtension = useRef<Extension>([]);

  const stateFor = (doc: string): EditorState =>
    EditorState.create({
      doc,
      extensions: [
        lineNumbers(),
        syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
        EditorView.editable.of(false),
        EditorState.readOnly.of(true),
        EditorView.contentAttributes.of({ 'aria-label': 'Code pad at this moment (read-only)' }),
        languageSlot.current.of(languageExtension.current),
        tintField,
        theme,
      ],
    });

  useLayoutEffect(() => {
    const view = new EditorView({ parent: host.current!, state: stateFor('') });
    viewRef.current = view;
    return () => {
      view.destroy();
      viewRef.current = null;
    };
  }, []);

  // A layout effect: the new text is in the DOM before the frame that paints the moment.
  useLayoutEffect(() => {
    const view = viewRef.current;
    if (!view) return;
    const old = view.state.doc.toString();
    const effects = setTints.of(decorations(props.tints, props.text.length));
    if (old === props.text) {
      view.dispatch({ effects });
      return;
    }
    const change = changedMiddle(old, props.text);
    if (change.to - change.from + change.insert.length <= REPLACE_STATE_ABOVE) {
      // Only the changed middle is replaced, so the view keeps its scroll position while playing.
      view.dispatch({ changes: change, effects });
      return;
    }
    // The scroller keeps its offset in pixels; one update, so the DOM is laid out once for the frame.
    view.setState(stateFor(props.text).update({ effects }).state);
  }, [props.text, props.tints]);

  useEffect(() => {
    let cancelled = false;
    loadLanguage(props.language).then(
      (extension) => {
        if (cancelled) return;
        languageExtension.current = extension;
        viewRef.current?.dispatch({ effects: languageSlot.current.reconfigure(extension) });
      },
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [props.language]);

  return (
    <div class="pad playback-pad" data-language={props.language}>
      <div class="pad-editor" ref={host} />
    </div>
  );
}
