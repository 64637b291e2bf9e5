/**
 * Origin checks for WebSocket upgrades and the socket.io handshake. Browsers send cookies and
 * connect cross-site freely; checking Origin stops another site's page from opening a socket as
 * its visitor (cross-site WebSocket hijacking). Clients that are not browsers send no Origin.
 */
export function makeOriginCheck(publicUrl: () => string, extraOrigins: string[]) {
  return (origin: string | undefined, host: string | undefined): boolean => {
    if (origin === undefined) return true;
    let parsed: URL;
    try {
      parsed = new URL(origin);
    } catch {
      return false;
    }
    if (host !== undefined && parsed.host === host) return true;
    if (parsed.origin === new URL(publicUrl()).origin) return true;
    return extraOrigins.includes(parsed.origin);
  };
}
