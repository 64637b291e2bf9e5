/**
 * Pad and board side by side with a draggable divider, or one at a time. The choice is each
 * person's own (localStorage). Both views stay mounted, so switching never drops a binding.
 */
import type { ComponentChildren, JSX } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { loadLayout, saveLayout, type Layout, type LayoutPrefs } from '../lib/session.js';

const LAYOUTS: { layout: Layout; label: string }[] = [
  { layout: 'split', label: 'Split' },
  { layout: 'pad', label: 'Code' },
  { layout: 'board', label: 'Board' },
];

export function useLayout(): [LayoutPrefs, (p: LayoutPrefs) => void] {
  const [prefs, setPrefs] = useState(loadLayout);
  return [
    prefs,
    (next) => {
      setPrefs(next);
      saveLayout(next);
    },
  ];
}

export function LayoutSwitch(props: { prefs: LayoutPrefs; onChange: (p: LayoutPrefs) => void }): JSX.Element {
  return (
    <div class="segmented" role="group" aria-label="Layout">
      {LAYOUTS.map((l) => (
        <button key={l.layout} type="button" aria-pressed={props.prefs.layout === l.layout} data-layout={l.layout} onClick={() => props.onChange({ ...props.prefs, layout: l.layout })}>
          {l.label}
        </button>
      ))}
    </div>
  );
}

export function SplitView(props: { prefs: LayoutPrefs; onChange: (p: LayoutPrefs) => void; left: ComponentChildren; right: ComponentChildren }): JSX.Element {
  const container = useRef<HTMLDivElement>(null);
  const { layout, split } = props.prefs;
  const setSplit = (value: number): void => props.onChange({ ...props.prefs, split: Math.round(Math.min(0.8, Math.max(0.2, value)) * 1000) / 1000 });

  const onPointerDown = (e: PointerEvent): void => {
    const el = e.currentTarget as HTMLElement;
    el.setPointerCapture(e.pointerId);
    const move = (ev: PointerEvent): void => {
      const rect = container.current?.getBoundingClientRect();
      if (rect && rect.width > 0) setSplit((ev.clientX - rect.left) / rect.width);
    };
    const up = (): void => {
      el.removeEventListener('pointermove', move);
      el.removeEventListener('pointerup', up);
      el.removeEventListener('pointercancel', up);
    };
    el.addEventListener('pointermove', move);
    el.addEventListener('pointerup', up);
    el.addEventListener('pointercancel', up);
  };

  const onKeyDown = (e: KeyboardEvent): void => {
    if (e.key === 'ArrowLeft') setSplit(split - 0.05);
    else if (e.key === 'ArrowRight') setSplit(split + 0.05);
    else return;
    e.preventDefault();
  };

  return (
    <div class={`split layout-${layout}`} ref={container}>
      <div class="split-pane left" style={layout === 'split' ? { flexBasis: `${split * 100}%` } : undefined} hidden={layout === 'board'}>
        {props.left}
      </div>
      {layout === 'split' ? (
        <div
          class="divider"
          role="separator"
          aria-orientation="vertical"
          aria-label="Resize code and board"
          aria-valuemin={20}
          aria-valuemax={80}
          aria-valuenow={Math.round(split * 100)}
          tabIndex={0}
          onPointerDown={onPointerDown}
          onKeyDown={onKeyDown}
        />
      ) : null}
      <div class="split-pane right" hidden={layout === 'pad'}>
        {props.right}
      </div>
    </div>
  );
}
