/** SVG and PNG export of the board: the shapes layer alone, cropped to what is drawn. */
import { unionBoxes, type Box } from './geometry.js';

const MARGIN = 24;
const SVG_NS = 'http://www.w3.org/2000/svg';

/** A standalone SVG document of `layer` (the untransformed shapes group) cropped to `bounds`. */
export function boardSvg(layer: SVGGElement, bounds: Box[]): string {
  const box = unionBoxes(bounds) ?? { x: 0, y: 0, w: 100, h: 100 };
  const svg = document.createElementNS(SVG_NS, 'svg');
  const x = box.x - MARGIN;
  const y = box.y - MARGIN;
  const w = box.w + 2 * MARGIN;
  const h = box.h + 2 * MARGIN;
  svg.setAttribute('xmlns', SVG_NS);
  svg.setAttribute('viewBox', `${x} ${y} ${w} ${h}`);
  svg.setAttribute('width', String(Math.ceil(w)));
  svg.setAttribute('height', String(Math.ceil(h)));
  const background = document.createElementNS(SVG_NS, 'rect');
  for (const [k, v] of Object.entries({ x, y, width: w, height: h, fill: '#ffffff' })) background.setAttribute(k, String(v));
  svg.appendChild(background);
  const copy = layer.cloneNode(true) as SVGGElement;
  copy.removeAttribute('transform');
  svg.appendChild(copy);
  return new XMLSerializer().serializeToString(svg);
}

export function download(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Renders an SVG document to a PNG at `scale`× through a canvas (blob: images are allowed by the CSP). */
export async function svgToPng(svgText: string, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svgText], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.ceil(img.naturalWidth * scale));
    canvas.height = Math.max(1, Math.ceil(img.naturalHeight * scale));
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2d canvas');
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('PNG encoding failed'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}
