/**
 * The room's live region: a visually hidden `role="status"` that screen readers read politely.
 * It keeps the last few messages (a new text node per message, so repeated messages are read
 * again) and checks the clock every second for the time warnings.
 */
import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { RoomSnapshot } from '../lib/connection.js';
import { announcements, onAnnounce, type AnnouncedState } from './announcements.js';

const KEEP = 5;

function stateOf(snap: RoomSnapshot): AnnouncedState {
  const clock = snap.clock;
  return {
    timer: clock?.timer ?? null,
    agenda: clock?.agenda ?? snap.room?.agenda ?? [],
    extraTime: snap.room?.extraTime ?? 1,
    guaranteeCoding: snap.room?.guaranteeCoding ?? false,
    now: clock ? clock.serverNow + (Date.now() - clock.receivedAt) : Date.now(),
    online: new Map(snap.participants.filter((p) => p.online && p.id !== snap.you.id).map((p) => [p.id, p.name])),
    ended: snap.room?.status === 'ended',
  };
}

export function Announcer(props: { snapshot: RoomSnapshot }): JSX.Element {
  const [messages, setMessages] = useState<{ id: number; text: string }[]>([]);
  const last = useRef<AnnouncedState | null>(null);
  const counter = useRef(0);
  const snapshot = useRef(props.snapshot);
  snapshot.current = props.snapshot;

  const push = (texts: string[]) => {
    if (texts.length === 0) return;
    setMessages((m) => [...m, ...texts.map((text) => ({ id: ++counter.current, text }))].slice(-KEEP));
  };
  const check = () => {
    const next = stateOf(snapshot.current);
    // Before the first sync there is nothing to compare with: people already here are not news.
    if (snapshot.current.room) {
      push(announcements(last.current, next));
      last.current = next;
    }
  };

  useEffect(check, [props.snapshot]);
  useEffect(() => {
    const id = setInterval(check, 1000);
    const off = onAnnounce((text) => push([text]));
    return () => {
      clearInterval(id);
      off();
    };
  }, []);

  return (
    <div class="sr-only" role="status" aria-live="polite" data-testid="announcer">
      {messages.map((m) => (
        <p key={m.id}>{m.text}</p>
      ))}
    </div>
  );
}
