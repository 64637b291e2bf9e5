/**
 * The code pad: CodeMirror 6 bound to `pad.code` with y-codemirror.next. The language lives in
 * `pad.meta.language`, so a switch by anyone re-highlights everyone's editor.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import { Compartment, EditorState } from '@codemirror/state';
import {
  EditorView,
  crosshairCursor,
  drawSelection,
  dropCursor,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  type KeyBinding,
  lineNumbers,
  rectangularSelection,
} from '@codemirror/view';
import { bracketMatching, defaultHighlightStyle, foldGutter, foldKeymap, indentOnInput, indentUnit, syntaxHighlighting } from '@codemirror/language';
import { defaultKeymap, indentWithTab } from '@codemirror/commands';
import { closeBrackets, closeBracketsKeymap } from '@codemirror/autocomplete';
import { highlightSelectionMatches, searchKeymap } from '@codemirror/search';
import { yCollab, yUndoManagerKeymap } from 'y-codemirror.next';
import { type Language } from '../../../shared/schema.js';
import { LanguageOptions } from '../components/LanguageOptions.js';
import { asLanguage, loadLanguage } from './languages.js';
import { PadTextSize, usePadFontSize } from '../a11y/PadTextSize.js';

let editors = 0;

export interface CodePadProps {
  text: Y.Text;
  /** Holds `language`; omit for a plain-text pad (notes). */
  meta?: Y.Map<unknown>;
  awareness: Awareness;
  undoManager: Y.UndoManager;
  readOnly: boolean;
  label: string;
  /** Prose (notes): wrapped lines, no line numbers or folding. */
  prose?: boolean;
  /** Extra key bindings (the notes' timestamp key). */
  keys?: readonly KeyBinding[];
  /** The editor view once created (null when destroyed), for buttons that edit at the cursor. */
  onView?: (view: EditorView | null) => void;
}

/**
 * The pad's own undo history: only edits made in this editor are tracked (y-codemirror adds its
 * sync origin to the set), so Ctrl+Z never reverts someone else's typing.
 */
export function createCodeUndoManager(text: Y.Text): Y.UndoManager {
  return new Y.UndoManager(text, { trackedOrigins: new Set() });
}

const theme = EditorView.theme({
  // The size each person picked (PadTextSize), set on the pad around the editor.
  '&': { height: '100%', fontSize: 'var(--pad-font-size, 14px)', backgroundColor: '#ffffff' },
  '.cm-scroller': { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', lineHeight: '1.5' },
  '.cm-content': { paddingBottom: '40vh' },
});

export function CodePad(props: CodePadProps): JSX.Element {
  const host = useRef<HTMLDivElement>(null);
  const viewRef = useRef<EditorView | null>(null);
  const languageSlot = useRef(new Compartment());
  const editableSlot = useRef(new Compartment());
  const [language, setLanguage] = useState<Language>(() => asLanguage(props.meta?.get('language')));
  const [loaded, setLoaded] = useState<Language | null>(null);
  const fontSize = usePadFontSize();
  // How to leave the editor by keyboard, read with it (each editor on the page has its own hint).
  const [hintId] = useState(() => `pad-hint-${++editors}`);

  useEffect(() => {
    const parent = host.current;
    if (!parent) return;
    const view = new EditorView({
      parent,
      state: EditorState.create({
        doc: props.text.toString(),
        extensions: [
          props.prose ? EditorView.lineWrapping : [lineNumbers(), highlightActiveLineGutter(), foldGutter()],
          highlightSpecialChars(),
          drawSelection(),
          dropCursor(),
          EditorState.allowMultipleSelections.of(true),
          indentOnInput(),
          indentUnit.of('    '),
          syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
          bracketMatching(),
          closeBrackets(),
          rectangularSelection(),
          crosshairCursor(),
          highlightActiveLine(),
          highlightSelectionMatches(),
          keymap.of([...(props.keys ?? []), ...yUndoManagerKeymap, ...closeBracketsKeymap, ...defaultKeymap, ...searchKeymap, ...foldKeymap, indentWithTab]),
          yCollab(props.text, props.awareness, { undoManager: props.undoManager }),
          languageSlot.current.of([]),
          editableSlot.current.of(editable(!props.readOnly)),
          // tabindex: a read-only editor is not contenteditable, and would otherwise be a region
          // the keyboard can neither reach nor scroll (axe: scrollable-region-focusable).
          EditorView.contentAttributes.of({ 'aria-label': props.label, 'aria-describedby': hintId, tabindex: '0' }),
          theme,
        ],
      }),
    });
    viewRef.current = view;
    props.onView?.(view);
    return () => {
      props.onView?.(null);
      view.destroy();
      viewRef.current = null;
    };
  }, [props.text, props.awareness, props.undoManager]);

  useEffect(() => {
    viewRef.current?.dispatch({ effects: editableSlot.current.reconfigure(editable(!props.readOnly)) });
  }, [props.readOnly]);

  useEffect(() => {
    const meta = props.meta;
    if (!meta) return;
    const onMeta = (): void => setLanguage(asLanguage(meta.get('language')));
    meta.observe(onMeta);
    onMeta();
    return () => meta.unobserve(onMeta);
  }, [props.meta]);

  useEffect(() => {
    if (!props.meta) return;
    let cancelled = false;
    loadLanguage(language).then(
      (extension) => {
        if (cancelled) return;
        viewRef.current?.dispatch({ effects: languageSlot.current.reconfigure(extension) });
        setLoaded(language);
      },
      () => {
        // Offline before the grammar chunk arrived: keep plain text, retry on the next switch.
      },
    );
    return () => {
      cancelled = true;
    };
  }, [language, props.meta]);

  const onSelect = (e: Event): void => {
    const value = (e.currentTarget as HTMLSelectElement).value;
    if (props.meta && !props.readOnly) props.meta.set('language', asLanguage(value));
  };

  return (
    <div class="pad" data-language={loaded ?? ''} style={{ '--pad-font-size': `${fontSize}px` }}>
      {props.meta ? (
        <div class="pad-toolbar">
          <label>
            Language{' '}
            <select class="language-select" value={language} onChange={onSelect} disabled={props.readOnly}>
              <LanguageOptions />
            </select>
          </label>
          <PadTextSize />
          {/* Hints only for those they apply to: who cannot type neither indents nor undoes. */}
          <span class="hint" id={hintId}>
            {props.readOnly ? 'Read-only. Esc then Tab moves on.' : 'Tab indents; Esc then Tab moves on. Ctrl+Z undoes only your own edits.'}
          </span>
        </div>
      ) : (
        <span class="sr-only" id={hintId}>
          Tab indents; Esc then Tab moves on.
        </span>
      )}
      <div class="pad-editor" ref={host} />
    </div>
  );
}

function editable(on: boolean) {
  return [EditorView.editable.of(on), EditorState.readOnly.of(!on)];
}
