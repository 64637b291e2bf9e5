/** What someone in the waiting room sees until an interviewer admits them. */
import type { JSX } from 'preact';

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
