/**
 * What an SDP says about sending: enough to hold a receive-only member to receiving. A member who
 * may not send can still offer or answer, but every audio and video section must be `recvonly`
 * or `inactive` (or rejected, port 0).
 */
type Direction = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';
const DIRECTIONS: ReadonlySet<string> = new Set(['sendrecv', 'sendonly', 'recvonly', 'inactive']);

/** Whether any audio or video section of the SDP sends (its own direction, else the session's, else sendrecv). */
export function sdpSendsMedia(sdp: string): boolean {
  let session: Direction | null = null;
  const sections: { media: string; port: string; direction: Direction | null }[] = [];
  for (const line of sdp.split(/\r?\n/)) {
    if (line.startsWith('m=')) {
      const [media = '', port = ''] = line.slice(2).split(' ');
      sections.push({ media, port, direction: null });
      continue;
    }
    const attr = line.startsWith('a=') ? line.slice(2).trim() : '';
    if (!DIRECTIONS.has(attr)) continue;
    const current = sections.at(-1);
    if (current) current.direction = attr as Direction;
    else session = attr as Direction;
  }
  return sections.some((s) => {
    if (s.media !== 'audio' && s.media !== 'video') return false;
    if (s.port === '0') return false;
    const direction = s.direction ?? session ?? 'sendrecv';
    return direction === 'sendrecv' || direction === 'sendonly';
  });
}
