/** A connection URL as it may be shown in errors and logs: its password replaced by `***`. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    // Not a URL we can parse: show only the scheme, never the rest (it could hold a password).
    return `${url.split(':')[0] ?? 'unknown'}://…`;
  }
}
