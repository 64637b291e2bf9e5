/**
 * How a person gets into `/r/<room>`: the session this browser keeps for the room, or a private
 * link (`#key=…`, the fragment browsers never send) exchanged for a fresh one. The key leaves the
 * address bar at once, so it is not left in the history or shared by a copied URL.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../lib/api.js';
import { loadSession, saveSession, type StoredSession } from '../lib/session.js';

export type Entry = { kind: 'in'; session: StoredSession } | { kind: 'rejoining' } | { kind: 'out'; problem: string | null };

function keyFromHash(): string | null {
  const match = /^#key=([^&]+)/.exec(location.hash);
  return match?.[1] ? decodeURIComponent(match[1]) : null;
}

export function useRoomEntry(roomId: string): Entry {
  const [entry, setEntry] = useState<Entry>(() => {
    if (keyFromHash()) return { kind: 'rejoining' };
    const session = loadSession(roomId);
    return session ? { kind: 'in', session } : { kind: 'out', problem: null };
  });
  useEffect(() => {
    const redeem = (): void => {
      const key = keyFromHash();
      if (!key) return;
      setEntry({ kind: 'rejoining' });
      history.replaceState(history.state, '', location.pathname + location.search);
      api.rejoin(roomId, key).then(
        (joined) => {
          const session = { token: joined.token, participant: joined.participant };
          saveSession(roomId, session);
          setEntry({ kind: 'in', session });
        },
        (err: unknown) => {
          const session = loadSession(roomId);
          if (session) setEntry({ kind: 'in', session });
          else setEntry({ kind: 'out', problem: err instanceof ApiError ? `That private link did not work: ${err.message}.` : 'That private link did not work.' });
        },
      );
    };
    redeem();
    // The link pasted into a tab already on this room changes only the fragment: no new page.
    addEventListener('hashchange', redeem);
    return () => removeEventListener('hashchange', redeem);
  }, [roomId]);
  return entry;
}
