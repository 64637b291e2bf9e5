/**
 * What is drawn over the shapes for this person only: the selection, the resize handles and the
 * gesture in progress. In board coordinates, with stroke widths divided by the zoom so they look
 * the same at any scale; never part of an export.
 */
import type { JSX } from 'preact';
import type { ShapeData } from '../../../shared/schema.js';
import { boxFromPoints, handlePoint, HANDLES, shapeBounds, type ShapeLookup } from './geometry.js';
import type { Gesture } from './gestures/index.js';
import { INK, strokePath } from './render.js';

const ACCENT = '#2563eb';

export function SelectionOutlines(props: { shapes: readonly ShapeData[]; selection: ReadonlySet<string>; lookup: ShapeLookup; scale: number }): JSX.Element {
  const { scale } = props;
  return (
    <>
      {props.shapes
        .filter((shape) => props.selection.has(shape.id))
        .map((shape) => {
          const b = shapeBounds(shape, props.lookup);
          return (
            <rect
              key={`sel-${shape.id}`}
              x={b.x - 4 / scale}
              y={b.y - 4 / scale}
              width={b.w + 8 / scale}
              height={b.h + 8 / scale}
              fill="none"
              stroke={ACCENT}
              stroke-width={1.5 / scale}
              stroke-dasharray={`${5 / scale}`}
              pointer-events="none"
            />
          );
        })}
    </>
  );
}

export function ResizeHandles(props: { shape: ShapeData | null; scale: number }): JSX.Element | null {
  const { shape, scale } = props;
  if (!shape) return null;
  return (
    <>
      {HANDLES.map((handle) => {
        const hp = handlePoint(shape, handle);
        return (
          <rect
            key={`h-${handle}`}
            class={`handle handle-${handle}`}
            x={hp.x - 5 / scale}
            y={hp.y - 5 / scale}
            width={10 / scale}
            height={10 / scale}
            fill="#ffffff"
            stroke={ACCENT}
            stroke-width={1.5 / scale}
          />
        );
      })}
    </>
  );
}

/** The marquee, the outline of a box being drawn, the arrow being drawn, or the ink of a stroke. */
export function GestureDraft(props: { gesture: Gesture | null; scale: number }): JSX.Element | null {
  const { gesture: g, scale } = props;
  if (!g) return null;
  const dash = { stroke: ACCENT, 'stroke-width': 1.5 / scale, 'stroke-dasharray': `${6 / scale}`, fill: 'none' };
  switch (g.kind) {
    case 'marquee': {
      const b = boxFromPoints(g.start, g.current);
      return <rect x={b.x} y={b.y} width={b.w} height={b.h} {...dash} fill="rgba(37,99,235,0.06)" />;
    }
    case 'box': {
      const b = boxFromPoints(g.start, g.current);
      return <rect x={b.x} y={b.y} width={b.w} height={b.h} {...dash} />;
    }
    case 'arrow':
      return <line x1={g.start.x} y1={g.start.y} x2={g.current.x} y2={g.current.y} stroke={INK} stroke-width={2} stroke-dasharray="6" />;
    case 'pen':
      return <path d={strokePath(g.points.map((p) => [p.x, p.y]))} fill={INK} />;
    default:
      return null;
  }
}
