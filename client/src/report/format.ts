/** How the report shows times: in the viewer's own time zone (Intl), with the zone named. */
const DATE_TIME: Intl.DateTimeFormatOptions = { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' };
const TIME: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', second: '2-digit' };

export function formatDateTime(ms: number): string {
  return new Intl.DateTimeFormat(undefined, DATE_TIME).format(ms);
}

export function formatTime(ms: number): string {
  return new Intl.DateTimeFormat(undefined, TIME).format(ms);
}

/** A length of time as `1 h 05 min` / `12 min 30 s` / `45 s`. */
export function formatDuration(ms: number): string {
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min`;
  if (m > 0) return s ? `${m} min ${s} s` : `${m} min`;
  return `${s} s`;
}

/** The whiteboard's SVG as an image source: an `<img>` never runs what an SVG document contains. */
export function svgImageSource(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}
