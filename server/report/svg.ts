/**
 * The whiteboard as a standalone SVG, for reports. Pure. Everything in a shape is user data from a
 * Yjs document anyone in the room could write: every text is escaped, every number checked, every
 * colour matched against a strict pattern — nothing from a shape reaches the markup unchecked.
 */
import type { ArrowEnd, ShapeData } from '../../shared/schema.js';

const PAD = 20;
const STROKE = '#1f2937';

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
    // Control characters are not allowed in XML 1.0 at all.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? Math.round(v * 10) / 10 : 0);
const color = (v: unknown, fallback: string): string =>
  typeof v === 'string' && /^#[0-9a-f]{3,8}$/i.test(v) ? v : fallback;

/** A shape as read from the document: any field may be missing or of the wrong type. */
export type LooseShape = Partial<Record<keyof ShapeData, unknown>>;

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

function box(s: LooseShape): Box {
  return { x: num(s.x), y: num(s.y), w: Math.max(0, num(s.w)), h: Math.max(0, num(s.h)) };
}

function endPoint(end: unknown, byId: Map<string, LooseShape>, fallback: { x: number; y: number }): { x: number; y: number } {
  if (end && typeof end === 'object') {
    const e = end as Partial<ArrowEnd & { shape: unknown; x: unknown; y: unknown }>;
    if (typeof e.shape === 'string') {
      const target = byId.get(e.shape);
      if (target) {
        const b = box(target);
        return { x: b.x + b.w / 2, y: b.y + b.h / 2 };
      }
    } else if ('x' in e) return { x: num(e.x), y: num(e.y) };
  }
  return fallback;
}

function label(s: LooseShape, b: Box): string {
  const text = typeof s.label === 'string' ? s.label.slice(0, 200) : '';
  if (!text) return '';
  return `<text x="${num(b.x + b.w / 2)}" y="${num(b.y + b.h / 2)}" text-anchor="middle" dominant-baseline="middle" font-family="sans-serif" font-size="14" fill="${STROKE}">${escapeXml(text)}</text>`;
}

function shapeSvg(s: LooseShape, byId: Map<string, LooseShape>): string {
  const b = box(s);
  const stroke = color(s.color, STROKE);
  const common = `fill="none" stroke="${stroke}" stroke-width="2"`;
  switch (s.type) {
    case 'rect':
      return `<rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="6" ${common}/>${label(s, b)}`;
    case 'ellipse':
      return `<ellipse cx="${num(b.x + b.w / 2)}" cy="${num(b.y + b.h / 2)}" rx="${num(b.w / 2)}" ry="${num(b.h / 2)}" ${common}/>${label(s, b)}`;
    case 'diamond': {
      const cx = num(b.x + b.w / 2);
      const cy = num(b.y + b.h / 2);
      return `<polygon points="${cx},${b.y} ${num(b.x + b.w)},${cy} ${cx},${num(b.y + b.h)} ${b.x},${cy}" ${common}/>${label(s, b)}`;
    }
    case 'database': {
      const ry = num(Math.min(12, b.h / 4));
      const x2 = num(b.x + b.w);
      const y2 = num(b.y + b.h - ry);
      return (
        `<path d="M${b.x},${num(b.y + ry)} L${b.x},${y2} A${num(b.w / 2)},${ry} 0 0 0 ${x2},${y2} L${x2},${num(b.y + ry)}" ${common}/>` +
        `<ellipse cx="${num(b.x + b.w / 2)}" cy="${num(b.y + ry)}" rx="${num(b.w / 2)}" ry="${ry}" ${common}/>${label(s, b)}`
      );
    }
    case 'sticky':
      return `<rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" fill="#fef08a" stroke="#ca8a04"/>${label(s, b)}`;
    case 'text':
      return label(s, b);
    case 'arrow': {
      const from = endPoint(s.from, byId, { x: b.x, y: b.y });
      const to = endPoint(s.to, byId, { x: b.x + b.w, y: b.y + b.h });
      return `<line x1="${from.x}" y1="${from.y}" x2="${to.x}" y2="${to.y}" stroke="${stroke}" stroke-width="2" marker-end="url(#arrow)"/>${label(s, { x: Math.min(from.x, to.x), y: Math.min(from.y, to.y), w: Math.abs(to.x - from.x), h: Math.abs(to.y - from.y) })}`;
    }
    case 'pen': {
      const points = Array.isArray(s.points) ? s.points : [];
      const coords = points
        .filter((p): p is unknown[] => Array.isArray(p))
        .slice(0, 5000)
        .map((p) => `${num(b.x + num(p[0]))},${num(b.y + num(p[1]))}`);
      return coords.length > 1 ? `<polyline points="${coords.join(' ')}" fill="none" stroke="${stroke}" stroke-width="2" stroke-linecap="round"/>` : '';
    }
    default:
      return '';
  }
}

/** Bounds of everything drawn, so the SVG frames the board whatever its coordinates. */
function bounds(shapes: LooseShape[]): Box {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const s of shapes) {
    const b = box(s);
    minX = Math.min(minX, b.x);
    minY = Math.min(minY, b.y);
    maxX = Math.max(maxX, b.x + b.w);
    maxY = Math.max(maxY, b.y + b.h);
  }
  if (!Number.isFinite(minX)) return { x: 0, y: 0, w: 400, h: 200 };
  return { x: minX - PAD, y: minY - PAD, w: maxX - minX + 2 * PAD, h: maxY - minY + 2 * PAD };
}

export function shapesToSvg(shapes: LooseShape[]): string {
  const byId = new Map(shapes.filter((s) => typeof s.id === 'string').map((s) => [s.id as string, s]));
  const ordered = [...shapes].sort((a, b) => num(a.z) - num(b.z));
  const view = bounds(ordered);
  const body = ordered.map((s) => shapeSvg(s, byId)).filter(Boolean).join('\n  ');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${num(view.x)} ${num(view.y)} ${num(view.w)} ${num(view.h)}" width="${num(view.w)}" height="${num(view.h)}">\n` +
    `  <defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${STROKE}"/></marker></defs>\n` +
    `  <rect x="${num(view.x)}" y="${num(view.y)}" width="${num(view.w)}" height="${num(view.h)}" fill="#ffffff"/>\n` +
    (body ? `  ${body}\n` : '') +
    `</svg>`
  );
}
