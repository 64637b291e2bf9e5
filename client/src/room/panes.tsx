/**
 * Narrow screens: the pad, the board and (on a phone) the side panel become tabs instead of
 * columns. Wide screens keep the split view and the sidebar.
 */
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';

export type Pane = 'pad' | 'board' | 'panel';
/** 'phone': one pane at a time. 'tablet': pad or board beside the side panel. 'wide': as chosen. */
export type Width = 'phone' | 'tablet' | 'wide';

const PHONE = '(max-width: 640px)';
const TABLET = '(max-width: 1000px)';

function currentWidth(): Width {
  if (matchMedia(PHONE).matches) return 'phone';
  return matchMedia(TABLET).matches ? 'tablet' : 'wide';
}

export function useWidth(): Width {
  const [width, setWidth] = useState(currentWidth);
  useEffect(() => {
    const queries = [matchMedia(PHONE), matchMedia(TABLET)];
    const onChange = (): void => setWidth(currentWidth());
    for (const q of queries) q.addEventListener('change', onChange);
    return () => {
      for (const q of queries) q.removeEventListener('change', onChange);
    };
  }, []);
  return width;
}

const LABELS: Record<Pane, string> = { pad: 'Code', board: 'Board', panel: 'Panel' };

export function PaneTabs(props: { width: Width; pane: Pane; onChange: (pane: Pane) => void }): JSX.Element {
  const panes: Pane[] = props.width === 'phone' ? ['pad', 'board', 'panel'] : ['pad', 'board'];
  return (
    <div class="pane-tabs" role="tablist" aria-label="Show">
      {panes.map((p) => (
        <button key={p} type="button" role="tab" data-pane={p} aria-selected={props.pane === p} onClick={() => props.onChange(p)}>
          {LABELS[p]}
        </button>
      ))}
    </div>
  );
}
