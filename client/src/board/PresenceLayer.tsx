/** Other people on the board: their selections (board space, under our own) and their pointers (screen space, on top). */
import type { JSX } from 'preact';
import { boardToScreen, shapeBounds, type ShapeLookup, type View } from './geometry.js';
import type { RemoteCursor, RemoteSelection } from './presence.js';

export function RemoteSelections(props: { selections: readonly RemoteSelection[]; lookup: ShapeLookup; scale: number }): JSX.Element {
  const { scale, lookup } = props;
  const pad = 7 / scale;
  const out: JSX.Element[] = [];
  for (const remote of props.selections) {
    for (const id of remote.ids) {
      const shape = lookup(id);
      if (!shape) continue;
      const b = shapeBounds(shape, lookup);
      out.push(
        <g key={`remote-${remote.clientId}-${id}`} class="remote-selection" pointer-events="none">
          <rect x={b.x - pad} y={b.y - pad} width={b.w + 2 * pad} height={b.h + 2 * pad} fill="none" stroke={remote.color} stroke-width={2 / scale} rx={4 / scale} />
          <text x={b.x - pad} y={b.y - pad - 4 / scale} font-size={11 / scale} font-family="system-ui, sans-serif" fill={remote.color}>
            {remote.name}
          </text>
        </g>,
      );
    }
  }
  return <>{out}</>;
}

export function RemoteCursors(props: { cursors: readonly RemoteCursor[]; view: View }): JSX.Element {
  return (
    <g data-layer="cursors" pointer-events="none">
      {props.cursors.map((c) => {
        const s = boardToScreen(props.view, c);
        return (
          <g key={c.clientId} class="board-cursor" transform={`translate(${s.x} ${s.y})`}>
            <path d="M0,0 L0,16 L4.5,12 L8,19 L10.5,18 L7,11 L12.5,11 Z" fill={c.color} stroke="#ffffff" stroke-width={1} />
            <rect x={12} y={16} width={c.name.length * 7 + 10} height={18} rx={4} fill={c.color} />
            <text x={17} y={29} font-size="12" font-family="system-ui, sans-serif" fill="#ffffff">
              {c.name}
            </text>
          </g>
        );
      })}
    </g>
  );
}
