/**
 * Drawing one shape as SVG. Visual styling is in attributes (not CSS classes) so an exported SVG
 * or PNG looks the same as the board. Labels are text nodes: Preact sets them with textContent,
 * so whatever a person types is never parsed as markup.
 */
import { getStroke } from 'perfect-freehand';
import type { JSX } from 'preact';
import type { ShapeData } from '../../../shared/schema.js';
import { arrowEndpoints, center, type Point, type ShapeLookup } from './geometry.js';

export const INK = '#334155';

const FILLS: Partial<Record<ShapeData['type'], string>> = {
  rect: '#ffffff',
  ellipse: '#ffffff',
  diamond: '#ffffff',
  database: '#e0f2fe',
  sticky: '#fef08a',
};

const STENCIL_FILLS: Record<string, string> = {
  client: '#f1f5f9',
  'load-balancer': '#ede9fe',
  service: '#dcfce7',
  database: '#e0f2fe',
  cache: '#ffedd5',
  queue: '#fce7f3',
  cdn: '#fef9c3',
  'object-storage': '#e0e7ff',
};

function fillOf(shape: ShapeData): string {
  return shape.color ?? (shape.stencil ? STENCIL_FILLS[shape.stencil] : undefined) ?? FILLS[shape.type] ?? 'none';
}

/** An SVG path through the outline points perfect-freehand returns. */
export function strokePath(points: readonly number[][], size = 4): string {
  const outline = getStroke(points as number[][], { size, thinning: 0.5, smoothing: 0.5, streamline: 0.5 });
  if (outline.length === 0) return '';
  const [first, ...rest] = outline;
  let d = `M${fmt(first![0]!)},${fmt(first![1]!)}`;
  for (let i = 0; i < rest.length; i++) {
    const p = rest[i]!;
    const next = rest[i + 1] ?? first!;
    // Quadratic curves through midpoints give a smooth outline from a polygon.
    d += ` Q${fmt(p[0]!)},${fmt(p[1]!)} ${fmt((p[0]! + next[0]!) / 2)},${fmt((p[1]! + next[1]!) / 2)}`;
  }
  return d + ' Z';
}

function fmt(n: number): string {
  return String(Math.round(n * 100) / 100);
}

function Label(props: { shape: ShapeData; at?: Point }): JSX.Element | null {
  const { shape } = props;
  if (!shape.label) return null;
  const lines = shape.label.split('\n');
  const c = props.at ?? center(shape);
  const lineHeight = 16;
  const top = c.y - ((lines.length - 1) * lineHeight) / 2;
  return (
    <text
      x={c.x}
      y={top}
      text-anchor="middle"
      dominant-baseline="middle"
      font-family="system-ui, sans-serif"
      font-size="14"
      fill="#0f172a"
      pointer-events="none"
    >
      {lines.map((line, i) => (
        <tspan key={i} x={c.x} y={top + i * lineHeight}>
          {line}
        </tspan>
      ))}
    </text>
  );
}

function arrowHead(from: Point, to: Point, size = 12): string {
  const angle = Math.atan2(to.y - from.y, to.x - from.x);
  const a1 = angle + Math.PI - Math.PI / 7;
  const a2 = angle + Math.PI + Math.PI / 7;
  const p1 = { x: to.x + size * Math.cos(a1), y: to.y + size * Math.sin(a1) };
  const p2 = { x: to.x + size * Math.cos(a2), y: to.y + size * Math.sin(a2) };
  return `${fmt(to.x)},${fmt(to.y)} ${fmt(p1.x)},${fmt(p1.y)} ${fmt(p2.x)},${fmt(p2.y)}`;
}

export function ShapeView(props: { shape: ShapeData; lookup: ShapeLookup }): JSX.Element | null {
  const { shape, lookup } = props;
  const { x, y, w, h } = shape;
  const common = { stroke: INK, 'stroke-width': 2, fill: fillOf(shape) };
  let body: JSX.Element | null;
  switch (shape.type) {
    case 'rect':
      body = <rect x={x} y={y} width={w} height={h} rx={6} {...common} />;
      break;
    case 'sticky':
      body = <rect x={x} y={y} width={w} height={h} rx={2} {...common} stroke="#ca8a04" stroke-width={1} />;
      break;
    case 'ellipse':
      body = <ellipse cx={x + w / 2} cy={y + h / 2} rx={w / 2} ry={h / 2} {...common} />;
      break;
    case 'diamond':
      body = <polygon points={`${x + w / 2},${y} ${x + w},${y + h / 2} ${x + w / 2},${y + h} ${x},${y + h / 2}`} {...common} />;
      break;
    case 'database': {
      const ry = Math.min(h / 6, 14);
      body = (
        <g>
          <path
            d={`M${x},${y + ry} A${w / 2},${ry} 0 0 0 ${x + w},${y + ry} L${x + w},${y + h - ry} A${w / 2},${ry} 0 0 1 ${x},${y + h - ry} Z`}
            {...common}
          />
          <ellipse cx={x + w / 2} cy={y + ry} rx={w / 2} ry={ry} {...common} />
        </g>
      );
      break;
    }
    case 'text':
      // An invisible box makes the whole text area clickable.
      body = <rect x={x} y={y} width={w} height={h} fill="transparent" stroke="none" />;
      break;
    case 'arrow': {
      const ends = arrowEndpoints(shape, lookup);
      if (!ends) return null;
      return (
        <g data-shape-id={shape.id} data-type="arrow">
          <line
            x1={ends.from.x}
            y1={ends.from.y}
            x2={ends.to.x}
            y2={ends.to.y}
            stroke="transparent"
            stroke-width={14}
          />
          <line
            class="arrow-line"
            x1={ends.from.x}
            y1={ends.from.y}
            x2={ends.to.x}
            y2={ends.to.y}
            stroke={INK}
            stroke-width={2}
          />
          <polygon points={arrowHead(ends.from, ends.to)} fill={INK} />
          {shape.label ? <Label shape={shape} at={{ x: (ends.from.x + ends.to.x) / 2, y: (ends.from.y + ends.to.y) / 2 - 10 }} /> : null}
        </g>
      );
    }
    case 'pen': {
      const pts = (shape.points ?? []).map((p) => [x + (p[0] ?? 0), y + (p[1] ?? 0)]);
      return (
        <g data-shape-id={shape.id} data-type="pen">
          <path d={strokePath(pts)} fill={shape.color ?? INK} stroke="none" />
        </g>
      );
    }
  }
  return (
    <g data-shape-id={shape.id} data-type={shape.type} data-stencil={shape.stencil}>
      {body}
      <Label shape={shape} />
    </g>
  );
}
