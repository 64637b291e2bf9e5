/** What the room tells everyone about who may be in it and write: the waiting room, the pad lock. */
import type { JSX } from 'preact';
import type { RoomInfo } from '../../../shared/protocol.js';
import type { Role } from '../../../shared/roles.js';

/** What someone in the waiting room sees until an interviewer admits them. */
export function WaitingRoom(props: { title: string | null; name: string }): JSX.Element {
  return (
    <main class="narrow">
      <section class="card waiting-room" role="status" aria-live="polite">
        <h2>Waiting to be let in</h2>
        <p>
          Hello {props.name}. An interviewer will let you into <strong>{props.title ?? 'the interview'}</strong> shortly.
        </p>
        <p class="small">Keep this tab open; the room opens here by itself.</p>
      </section>
    </main>
  );
}

/** The pad lock, shown to everyone in the room while it is on (on a phone the people list is a tab away). */
export function PadLockNotice(props: { room: RoomInfo | null; role: Role }): JSX.Element | null {
  if (!props.room?.padLocked || props.room.status === 'ended') return null;
  return (
    <div class="notice pad-locked" role="status" data-testid="pad-locked">
      {props.role === 'candidate'
        ? 'An interviewer has locked the pad and board for a moment: you can read along but not edit.'
        : 'The pad and board are locked for the candidate.'}
    </div>
  );
}
